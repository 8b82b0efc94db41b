"""Records of bilateral: tables, migrations, queries and demo data. Never imports a UI."""
