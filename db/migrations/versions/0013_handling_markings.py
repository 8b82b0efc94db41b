"""Handling markings: the department's ordered levels, a marking on every marked record,
and on PostgreSQL the clearances of team roles enforced by row-level security."""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The records that carry a marking: what RLS hides from a role above its clearance.
MARKED = ("organisation", "person", "visit", "meeting", "note", "proposal")
# The records that remember who changed them: on PostgreSQL a team role's own name.
CHANGED_BY = ("meeting", "note", "proposal", "checklistitem", "brief")
DEFAULT_LEVELS = ("UNCLASSIFIED", "RESTRICTED", "CONFIDENTIAL")
# Once per statement, not once per row (a sub-select is planned as an init plan).
CLEARED = "marking <= (SELECT bilateral_clearance())"
# What belongs to a marked record, with the columns naming it: on PostgreSQL visible (and
# writable) only with every record it belongs to, as the sub-selects see them under their
# own policies. Without this, a meeting's attendance or commitments would outlive its marking.
BELONGING = {
    "milestone": (("organisation_id", "organisation"),),
    "visitleg": (("visit_id", "visit"),),
    "visitmember": (("visit_id", "visit"),),
    "meetingpartner": (("meeting_id", "meeting"),),
    "attendance": (("meeting_id", "meeting"),),
    "meetingtopic": (("meeting_id", "meeting"),),
    "proposalmeeting": (("proposal_id", "proposal"), ("meeting_id", "meeting")),
    "proposaltopic": (("proposal_id", "proposal"),),
    "statuschange": (("proposal_id", "proposal"),),
    "actionitem": (
        ("meeting_id", "meeting"),
        ("proposal_id", "proposal"),
        ("partner_id", "organisation"),
    ),
    "checklist": (("visit_id", "visit"),),
    "checklistitem": (("checklist_id", "checklist"),),
    "brief": (("visit_id", "visit"), ("meeting_id", "meeting")),
}
# A checklist item drawn from a record ("action:7", "partner:3:profile") quotes it: visible only
# with that record.
ITEM_SOURCES = {
    "partner": "organisation",
    "person": "person",
    "proposal": "proposal",
    "action": "actionitem",
}
# A commitment's index entry is visible only with the commitment (it has no marking itself).
SEARCH_VISIBLE = (
    f"{CLEARED} AND (kind <> 'action' "
    "OR EXISTS (SELECT 1 FROM actionitem WHERE actionitem.id = search_document.record_id))"
)

# A note is never marked lower than its meeting (SQLite: AFTER triggers, as NEW is read-only).
SQLITE_NOTE_FLOOR = (
    """CREATE TRIGGER note_marking_floor_insert AFTER INSERT ON note BEGIN
        UPDATE note SET marking = (SELECT marking FROM meeting WHERE id = NEW.meeting_id)
        WHERE id = NEW.id AND marking < (SELECT marking FROM meeting WHERE id = NEW.meeting_id);
    END""",
    """CREATE TRIGGER note_marking_floor_update AFTER UPDATE OF marking ON note BEGIN
        UPDATE note SET marking = (SELECT marking FROM meeting WHERE id = NEW.meeting_id)
        WHERE id = NEW.id AND marking < (SELECT marking FROM meeting WHERE id = NEW.meeting_id);
    END""",
    """CREATE TRIGGER meeting_marking_raises_notes AFTER UPDATE OF marking ON meeting BEGIN
        UPDATE note SET marking = NEW.marking WHERE meeting_id = NEW.id AND marking < NEW.marking;
    END""",
)

POSTGRES = (
    # Who the connected login is cleared up to; a role with no clearance sees the lowest level.
    # SECURITY DEFINER: a role need not be able to read the clearances to be judged by them.
    """CREATE FUNCTION bilateral_clearance() RETURNS integer LANGUAGE sql STABLE
       SECURITY DEFINER SET search_path = public AS $$
         SELECT coalesce((SELECT up_to FROM clearance WHERE role_name = session_user), 0)
       $$""",
    """CREATE FUNCTION bilateral_team_role() RETURNS boolean LANGUAGE sql STABLE
       SECURITY DEFINER SET search_path = public AS $$
         SELECT EXISTS (SELECT 1 FROM clearance WHERE role_name = session_user)
       $$""",
    """CREATE FUNCTION note_marking_floor() RETURNS trigger LANGUAGE plpgsql
       SECURITY DEFINER SET search_path = public AS $$
       BEGIN
         NEW.marking := greatest(NEW.marking,
             coalesce((SELECT marking FROM meeting WHERE id = NEW.meeting_id), 0));
         RETURN NEW;
       END $$""",
    """CREATE TRIGGER note_marking_floor BEFORE INSERT OR UPDATE ON note
       FOR EACH ROW EXECUTE FUNCTION note_marking_floor()""",
    """CREATE FUNCTION meeting_marking_raises_notes() RETURNS trigger LANGUAGE plpgsql
       SECURITY DEFINER SET search_path = public AS $$
       BEGIN
         UPDATE note SET marking = NEW.marking WHERE meeting_id = NEW.id AND marking < NEW.marking;
         RETURN NEW;
       END $$""",
    """CREATE TRIGGER meeting_marking_raises_notes AFTER UPDATE OF marking ON meeting
       FOR EACH ROW EXECUTE FUNCTION meeting_marking_raises_notes()""",
    # On the team server `changed_by` is the connected role, not a name the client chooses.
    """CREATE FUNCTION changed_by_team_role() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF bilateral_team_role() THEN
           NEW.changed_by := session_user;
         END IF;
         RETURN NEW;
       END $$""",
)


def _search_sync_with_marking() -> str:
    """0007's trigger function, now also copying the record's marking into the index."""
    return """
CREATE OR REPLACE FUNCTION search_document_sync() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    fields jsonb;
    title_text text := '';
    body_text text := '';
    part text;
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM search_document WHERE kind = TG_ARGV[0] AND record_id = OLD.id;
        RETURN OLD;
    END IF;
    fields := to_jsonb(NEW);
    IF TG_ARGV[1] <> '' THEN
        title_text := coalesce(fields ->> TG_ARGV[1], '');
    END IF;
    FOR i IN 2 .. TG_NARGS - 1 LOOP
        part := coalesce(fields ->> TG_ARGV[i], '');
        IF part <> '' THEN
            body_text := body_text || CASE WHEN body_text = '' THEN '' ELSE ' · ' END || part;
        END IF;
    END LOOP;
    INSERT INTO search_document (kind, record_id, title, body, document, marking)
    VALUES (TG_ARGV[0], NEW.id, title_text, body_text,
            setweight(to_tsvector('simple', fold(title_text)), 'A')
            || setweight(to_tsvector('simple', fold(body_text)), 'B'),
            coalesce((fields ->> 'marking')::integer, 0))
    ON CONFLICT (kind, record_id) DO UPDATE
        SET title = EXCLUDED.title, body = EXCLUDED.body, document = EXCLUDED.document,
            marking = EXCLUDED.marking;
    RETURN NEW;
END $$
"""


def upgrade() -> None:
    op.create_table(
        "markinglevel",
        sa.Column("rank", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("name", sa.String(), nullable=False, unique=True),
    )
    op.bulk_insert(
        sa.table("markinglevel", sa.column("rank", sa.Integer()), sa.column("name", sa.String())),
        [{"rank": rank, "name": name} for rank, name in enumerate(DEFAULT_LEVELS)],
    )
    op.create_table(
        "clearance",
        sa.Column("role_name", sa.String(), primary_key=True),
        sa.Column("up_to", sa.Integer(), nullable=False),
    )
    # Plain ADD COLUMN, not a batch copy: on SQLite a recreated table would lose its search
    # triggers (migration 0005).
    for table in MARKED:
        op.add_column(table, sa.Column("marking", sa.Integer(), nullable=False, server_default="0"))
    if op.get_bind().dialect.name != "postgresql":
        for statement in SQLITE_NOTE_FLOOR:
            op.execute(statement)
        return
    op.execute("ALTER TABLE search_document ADD COLUMN marking integer NOT NULL DEFAULT 0")
    op.execute(_search_sync_with_marking())
    for statement in POSTGRES:
        op.execute(statement)
    for table in CHANGED_BY:
        op.execute(
            f"CREATE TRIGGER {table}_changed_by_team_role BEFORE INSERT OR UPDATE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION changed_by_team_role()"
        )
    policies = {table: (CLEARED, CLEARED) for table in MARKED}
    policies["search_document"] = (SEARCH_VISIBLE, CLEARED)
    for table, parents in BELONGING.items():
        visible = " AND ".join(
            f"({column} IS NULL OR EXISTS (SELECT 1 FROM {parent} "
            f"WHERE {parent}.id = {table}.{column}))"
            for column, parent in parents
        )
        policies[table] = (visible, visible)
    quoted = " AND ".join(
        f"(source_key !~ '^{prefix}:[0-9]+' OR EXISTS (SELECT 1 FROM {source} WHERE {source}.id "
        f"= substring(checklistitem.source_key from '^{prefix}:([0-9]+)')::integer))"
        for prefix, source in ITEM_SOURCES.items()
    )
    items_visible = f"{policies['checklistitem'][0]} AND {quoted}"
    policies["checklistitem"] = (items_visible, items_visible)
    for table, (visible, writable) in policies.items():
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY marking_cleared ON {table} USING ({visible}) WITH CHECK ({writable})"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in (*MARKED, "search_document", *BELONGING):
            op.execute(f"DROP POLICY marking_cleared ON {table}")
            op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
        for table in CHANGED_BY:
            op.execute(f"DROP TRIGGER {table}_changed_by_team_role ON {table}")
        op.execute("DROP TRIGGER meeting_marking_raises_notes ON meeting")
        op.execute("DROP TRIGGER note_marking_floor ON note")
        for function in (
            "changed_by_team_role",
            "meeting_marking_raises_notes",
            "note_marking_floor",
            "bilateral_team_role",
            "bilateral_clearance",
        ):
            op.execute(f"DROP FUNCTION {function}()")
        op.execute("ALTER TABLE search_document DROP COLUMN marking")
    else:
        for trigger in (
            "note_marking_floor_insert",
            "note_marking_floor_update",
            "meeting_marking_raises_notes",
        ):
            op.execute(f"DROP TRIGGER {trigger}")
    for table in MARKED:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("marking")
    op.drop_table("clearance")
    op.drop_table("markinglevel")
