"""The four journeys of tests/e2e/test_journeys.py, step by step in real Chromium: one module
per journey (educator.py, reviewer.py, badge.py, district_admin.py) and the people who take
them (people.py), each in their own browser with every page checked."""
