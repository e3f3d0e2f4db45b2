"""Facts about the schema that code above the data layer relies on."""

# Tables whose rows travel in sync bundles, in an order where parents come before children.
SYNCED_TABLES: tuple[str, ...] = (
    "campaign",
    "event_type",
    "indicator",
    "hamlet",
    "organisation",
    "event",
    "person",
    "attendance",
    "outcome",
)
