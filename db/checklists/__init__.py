"""Visit checklists: templates, the items proposed from the records, the checklist kept in the
database, and its TOML file format (export and import)."""
