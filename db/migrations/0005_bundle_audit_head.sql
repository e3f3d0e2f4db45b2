-- The commune's audit-trail head carried by each bundle (format 2), kept by the province.
--
-- Within one device epoch a commune's audit trail only grows, so a later bundle whose head is
-- lower than an earlier one's means entries were cut off the end of the trail outside the
-- program; the import says so. NULL for bundles of format 1, written before the trail existed.

ALTER TABLE bundle_in ADD COLUMN audit_head_id INTEGER;
ALTER TABLE bundle_in ADD COLUMN audit_head_hash TEXT;
