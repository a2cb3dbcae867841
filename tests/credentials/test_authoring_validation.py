"""The validation an author sees inline on the authoring pages (nothing saved), and published
versions that stay frozen: a message, never a 500."""

from django.core.files.uploadedfile import SimpleUploadedFile

from credentials.models import FocusArea, MicroCredential
from tests.support.authoring import (
    TWO_LEVELS,
    content,
    create_via_pages,
    details_data,
    formset_data,
    level_rows,
    make_published,
    png_bytes,
    post_requirements,
    requirement_row,
    url,
)

# --- Validation: inline errors, nothing saved ----------------------------------------------------


def test_a_bad_resource_line_is_reported_inline(author_client, cast, area):
    data = details_data(cast.issuer, area, resources="Good | https://example.org\nNo address here")
    response = author_client.post(url("authoring_create"), data)
    assert response.status_code == 200
    assert "Line 2: write “Title | https://address”." in content(response)
    assert not MicroCredential.objects.exists()

    data = details_data(cast.issuer, area, resources="Bad link | javascript:alert(1)")
    response = author_client.post(url("authoring_create"), data)
    assert "is not a web address" in content(response)
    assert not MicroCredential.objects.exists()


def test_the_address_must_be_free(author_client, cast, area):
    make_published(cast.issuer, area, slug="exit-tickets")
    response = author_client.post(url("authoring_create"), details_data(cast.issuer, area))
    assert "Another micro-credential already uses this address." in content(response)
    assert MicroCredential.objects.count() == 1


def test_competency_must_belong_to_the_focus_area(author_client, cast, area):
    other_area = FocusArea.objects.create(slug="motivation", name="Motivation")
    data = details_data(cast.issuer, other_area, competency=str(area.competencies.get().pk))
    response = author_client.post(url("authoring_create"), data)
    assert "Choose a competency of Motivation." in content(response)
    response = author_client.post(
        url("authoring_create"),
        details_data(
            cast.issuer, area, competency="", new_competency_name="Checking for understanding"
        ),
    )
    assert "already has this competency" in content(response)
    assert not MicroCredential.objects.exists()


def test_artifact_needs_file_types_and_text_takes_none(author_client, cast, area):
    version = create_via_pages(author_client, cast.issuer, area)
    rows = [
        requirement_row(1, "Context"),
        requirement_row(2, "Upload", "artifact"),
        requirement_row(3, "Reflection", "text", ["video"]),
    ]
    response = post_requirements(author_client, version, rows)
    body = content(response)
    assert response.status_code == 200
    assert "Choose at least one file type for an upload." in body
    assert "A written response does not accept files." in body
    assert "Nothing was saved" in body
    assert 'id="id_requirements-1-accepted_types_error"' in body  # the error sits on its row
    assert not version.requirements.exists()


def test_a_non_image_badge_is_refused(author_client, cast, area):
    fake = SimpleUploadedFile("badge.png", b"this is not an image", content_type="image/png")
    data = details_data(cast.issuer, area, image=fake)
    response = author_client.post(url("authoring_create"), data)
    assert response.status_code == 200
    assert "Upload a valid image" in content(response)
    assert not MicroCredential.objects.exists()

    gif = SimpleUploadedFile("badge.gif", png_bytes(image_format="GIF"), content_type="image/gif")
    response = author_client.post(
        url("authoring_create"), details_data(cast.issuer, area, image=gif)
    )
    assert "The badge image must be a PNG or JPEG file." in content(response)
    assert not MicroCredential.objects.exists()


def test_a_badge_image_over_2_mb_is_refused_and_a_png_is_kept(author_client, cast, area):
    big = SimpleUploadedFile("big.png", png_bytes() + b"\0" * (2 * 1024 * 1024), "image/png")
    response = author_client.post(
        url("authoring_create"), details_data(cast.issuer, area, image=big)
    )
    assert "at most 2 MB" in content(response)
    assert not MicroCredential.objects.exists()

    good = SimpleUploadedFile("badge.png", png_bytes(), content_type="image/png")
    version = create_via_pages(author_client, cast.issuer, area, image=good)
    assert version.image.name.startswith("credential-images/")
    assert version.image.name.endswith(".png")


# --- Published versions are frozen: a message, never a 500 -----------------------------------


def test_no_page_edits_a_published_version(author_client, cast, area):
    version = make_published(cast.issuer, area)
    criterion = version.criteria.get()
    attempts = [
        (
            url("authoring_details", version.public_id),
            details_data(cast.issuer, area, title="Changed"),
        ),
        (
            url("authoring_requirements", version.public_id),
            formset_data("requirements", [requirement_row(1, "New")]),
        ),
        (url("authoring_rubric", version.public_id), formset_data("criteria", [{"title": "New"}])),
        (
            url("authoring_levels", version.public_id, criterion.public_id),
            formset_data("levels", level_rows(*TWO_LEVELS)),
        ),
        (url("authoring_publish", version.public_id), {"confirm": "1"}),
    ]
    overview = url("authoring_credential", version.credential.public_id)
    for target, data in attempts:
        assert author_client.get(target).status_code in (302, 405)
        response = author_client.post(target, data, follow=True)
        assert response.redirect_chain[-1][0] == overview, target
        assert "frozen" in content(response)
    version.refresh_from_db()
    assert version.title == "Published published-one"
    assert version.requirements.count() == 3
    assert [c.title for c in version.criteria.all()] == ["Evidence"]
    assert criterion.levels.count() == 2
