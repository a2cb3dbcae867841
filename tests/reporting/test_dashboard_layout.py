"""The district dashboard leads with its key numbers and charts; the staff table follows."""

from django.urls import reverse

from tests.support.submissions import attempt


def test_the_dashboard_leads_with_key_numbers_then_charts_then_the_staff(client, cast, credentials):
    attempt(cast, cast.educator, credentials[0], "passed", decided_days_ago=3)
    client.force_login(cast.district_admin)
    body = client.get(reverse("organizations:dashboard")).content.decode()
    order = [
        body.index('data-testid="summary"'),
        body.index('id="chart-trend-caption"'),
        body.index('id="chart-focus-caption"'),
        body.index('id="progress-filters"'),
        body.index('id="progress-table"'),
        body.index('id="funnel-table"'),
    ]
    assert order == sorted(order)
    # The figures are the page's: one educator earned one micro-credential here.
    summary = body.split('data-testid="summary"', 1)[1].split("</section>", 1)[0]
    assert "<dt>Earned</dt><dd>1</dd>" in summary
