"""Badge art: drawn from the focus area, title and issuer, stored on publish by a task, shown
by the catalog, the API and the badges issued for it."""

import io

import pytest
from defusedxml import ElementTree
from PIL import Image

from badges import images
from credentials import art
from credentials.models import DEFAULT_BADGE_IMAGE, FocusArea, MicroCredentialVersion
from credentials.services import (
    art_input,
    credential_start_new_version,
    version_art_generate,
    version_publish,
    version_update,
)
from credentials.tasks import badge_art_sweep_task
from tests.support.credentials import published_credential

SVG = "{http://www.w3.org/2000/svg}"
INJECTION = 'Exit </text><script>alert("x")</script><text> & ]]> "quotes"\x00\x07'


def _input(title="Exit Tickets That Drive Instruction", area="checking-for-understanding"):
    return art.ArtInput(
        title=title, issuer="Test Issuer", focus_area_slug=area, focus_area_name="Area"
    )


def _png_size(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG"
        return image.size


def test_the_same_input_draws_the_same_image_and_another_title_another():
    first, again = art.badge_svg(_input()), art.badge_svg(_input())
    assert first == again
    assert art.badge_png(_input()) == art.badge_png(_input())
    assert art.badge_svg(_input(title="Hinge Questions")) != first
    assert _input().key() != _input(title="Hinge Questions").key()
    assert _png_size(art.badge_png(_input())) == (600, 600)


def test_a_focus_area_gives_its_badges_one_family_and_areas_differ():
    demo_areas = [
        "checking-for-understanding",
        "data-literacy",
        "executive-functioning",
        "deeper-learning",
        "learner-motivation",
        "stem-teaching",
        "assessment-design",
        "family-engagement",
        "virtual-community-leadership",
    ]
    looks = {(art.family(slug), art.icon_for(slug)) for slug in demo_areas}
    assert len(looks) == len(demo_areas)
    assert len({art.icon_for(slug) for slug in demo_areas}) == len(demo_areas)
    # An area no keyword knows still gets a family and an icon, always the same ones.
    assert art.family("underwater-basket-weaving") == art.family("underwater-basket-weaving")
    assert art.icon_for("underwater-basket-weaving") in art.ICONS


def test_a_title_cannot_inject_markup_into_the_svg():
    svg = art.badge_svg(_input(title=INJECTION))
    root = ElementTree.fromstring(svg.encode("utf-8"))  # well-formed XML
    tags = {element.tag.removeprefix(SVG) for element in root.iter()}
    assert "script" not in tags
    assert tags <= {
        "svg", "title", "defs", "linearGradient", "stop", "clipPath", "path", "g", "circle",
        "ellipse", "text",
    }  # fmt: skip
    assert root.find(f"{SVG}title").text == INJECTION.replace("\x00", "").replace("\x07", "")
    drawn = " ".join(text.text or "" for text in root.iter(f"{SVG}text"))
    assert "<script>" in drawn  # written as text, visibly
    assert _png_size(art.render_png(svg)) == (600, 600)


def test_long_titles_wrap_and_shrink_to_fit_and_a_huge_word_is_cut():
    size, lines = art.fit_title("Exit Tickets That Drive Instruction")
    assert size >= 40 and len(lines) == 3
    long = "Making Learning Relevant Through Student-Generated Connections " * 3
    size, lines = art.fit_title(long)
    assert size == 24 and lines[-1].endswith("…")
    assert all(art.text_width(line, size=size, bold=True) <= 372 for line in lines)
    size, lines = art.fit_title("W" * 80)
    assert lines == [lines[0]] and lines[0].endswith("…")


@pytest.fixture
def credential(cast, local_media, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return published_credential(cast.issuer)


def test_publishing_stores_the_art_in_the_public_storage(credential):
    version = MicroCredentialVersion.objects.get(pk=credential.published_version_id)
    assert version.art_key == art_input(version).key()
    with version.art.open("rb") as handle:
        stored = handle.read()
    assert stored == art.badge_png(art_input(version))
    assert version.badge_image_url == version.art.url
    assert not version_art_generate(version=version)  # idempotent: nothing to draw again


def test_a_new_title_is_drawn_anew_on_publish(credential, cast, django_capture_on_commit_callbacks):
    old = MicroCredentialVersion.objects.get(pk=credential.published_version_id)
    draft = credential_start_new_version(credential=credential, by=None)
    version_update(version=draft, by=None, title="Wait Time for Every Student")
    with django_capture_on_commit_callbacks(execute=True):
        version_publish(version=draft, by=None)
    new = MicroCredentialVersion.objects.get(pk=draft.pk)
    assert new.art.name != old.art.name and new.art_key == art_input(new).key()
    assert "Wait Time" in art.badge_svg(art_input(new))


def test_until_it_is_drawn_the_default_image_shows_and_the_sweeper_draws_it(credential):
    version = MicroCredentialVersion.objects.get(pk=credential.published_version_id)
    MicroCredentialVersion.objects.filter(pk=version.pk).update(art="", art_key="")
    version.refresh_from_db()
    assert version.badge_image_url == f"/static/{DEFAULT_BADGE_IMAGE}"
    assert badge_art_sweep_task() == 1  # tasks run eagerly in the tests
    version.refresh_from_db()
    assert version.art and version.art_key == art_input(version).key()


def test_an_uploaded_image_wins_over_the_art(credential):
    version = MicroCredentialVersion.objects.get(pk=credential.published_version_id)
    version.image.save("own.png", io.BytesIO(art.badge_png(_input(title="Own"))), save=True)
    assert version.badge_image_url == version.image.url


def test_the_badge_class_image_is_the_art(credential):
    version = MicroCredentialVersion.objects.select_related("credential__issuer", "focus_area").get(
        pk=credential.published_version_id
    )
    # Read first: the image code opens the same field file (and closes it) when not cached.
    with version.art.open("rb") as handle:
        stored = handle.read()
    assert images.version_class_png(version) == stored
    # Before the art is stored, a badge gets the same drawing.
    MicroCredentialVersion.objects.filter(pk=version.pk).update(art="", art_key="")
    images._class_cache.clear()
    version.refresh_from_db()
    assert images.version_class_png(version) == art.badge_png(art_input(version))


def test_the_api_and_the_catalog_show_the_art(client, credential):
    version = MicroCredentialVersion.objects.get(pk=credential.published_version_id)
    listed = client.get("/api/v1/micro-credentials/").json()["results"]
    assert listed[0]["image_url"] == f"http://testserver{version.art.url}"
    detail = client.get(f"/api/v1/micro-credentials/{credential.public_id}/").json()
    assert detail["image_url"] == f"http://testserver{version.art.url}"
    page = client.get("/catalog/").content.decode()
    assert f'src="{version.art.url}"' in page
    page = client.get(f"/catalog/{credential.slug}/").content.decode()
    assert f'src="{version.art.url}"' in page and 'alt="The badge: Credential' in page


def test_the_api_gives_the_default_image_absolute_while_the_art_is_drawn(client, credential):
    MicroCredentialVersion.objects.update(art="", art_key="")
    listed = client.get("/api/v1/micro-credentials/").json()["results"]
    assert listed[0]["image_url"] == f"http://testserver/static/{DEFAULT_BADGE_IMAGE}"


def test_a_focus_area_rename_keeps_the_family(cast):
    area = FocusArea.objects.create(slug="data-literacy", name="Data")
    before = art.family(area.slug)
    area.name = "Data Literacy"
    area.save()
    assert art.family(area.slug) == before
