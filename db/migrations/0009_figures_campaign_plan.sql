-- 0007_figures_campaign_plan: the provincial plan a campaign implements (number, date, issuer),
-- beside its legal basis. The results report's opening cites both (docs/figures.md); the office
-- edits them. Campaigns travel in bundles, so the province sees what each commune cites.
ALTER TABLE campaign ADD COLUMN plan_number TEXT NOT NULL DEFAULT '';
ALTER TABLE campaign ADD COLUMN plan_date TEXT;
ALTER TABLE campaign ADD COLUMN plan_issuer TEXT NOT NULL DEFAULT '';
