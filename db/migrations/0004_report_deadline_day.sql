-- 0004_report_deadline_day: the campaign says by which day of the following month a commune's
-- monthly sync bundle is due at the province. The province's completeness grid marks a bundle
-- received after its due date as late (docs/bundle-format.md §10). Campaigns travel in bundles,
-- so the province judges each commune by the commune's own campaign. Existing campaigns get 5.
ALTER TABLE campaign ADD COLUMN report_deadline_day INTEGER NOT NULL DEFAULT 5
    CHECK (report_deadline_day BETWEEN 1 AND 28);
