using CtiConnector.Storage.Relational;

namespace CtiConnector.Storage.Postgres;

/// <summary>
/// The PostgreSQL schema, as migrations, in the connection's first search-path schema. Number and key columns use
/// the "C" collation so that their prefix ranges use the indexes. Never edit a released step: add one.
/// </summary>
internal static class PostgresSchema
{
    public const string CreateVersionTable =
        "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL)";

    public static IReadOnlyList<Migration> Migrations { get; } =
    [
        new Migration(1, "contacts, history and outbox",
        [
            """
            CREATE TABLE contacts (
                id text NOT NULL PRIMARY KEY,
                external_id text UNIQUE,
                name text NOT NULL CHECK (length(trim(name)) > 0),
                company text,
                email text,
                crm_url text,
                name_key text COLLATE "C" NOT NULL,
                search text COLLATE "C" NOT NULL,
                created_at timestamptz NOT NULL,
                updated_at timestamptz NOT NULL)
            """,
            "CREATE INDEX ix_contacts_name_key ON contacts (name_key, id)",
            """
            CREATE TABLE contact_numbers (
                contact_id text NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
                position integer NOT NULL,
                type text NOT NULL,
                raw text NOT NULL,
                e164 text COLLATE "C",
                match_key text COLLATE "C",
                digits text COLLATE "C" NOT NULL,
                PRIMARY KEY (contact_id, position))
            """,
            "CREATE INDEX ix_contact_numbers_e164 ON contact_numbers (e164, contact_id) WHERE e164 IS NOT NULL",
            "CREATE INDEX ix_contact_numbers_match_key ON contact_numbers (match_key, contact_id) WHERE match_key IS NOT NULL",
            "CREATE INDEX ix_contact_numbers_digits ON contact_numbers (digits)",
            """
            CREATE TABLE contact_terms (
                term text COLLATE "C" NOT NULL,
                contact_id text NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
                PRIMARY KEY (term, contact_id))
            """,
            "CREATE INDEX ix_contact_terms_contact ON contact_terms (contact_id)",
            """
            CREATE TABLE history (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                owner text NOT NULL,
                call_id text NOT NULL,
                account_id text,
                direction text NOT NULL CHECK (direction IN ('outbound', 'inbound')),
                remote_raw text NOT NULL,
                remote_e164 text COLLATE "C",
                remote_display_name text,
                remote_key text COLLATE "C" NOT NULL,
                remote_digits_rev text COLLATE "C" NOT NULL,
                contact_id text,
                contact_name text,
                contact_company text,
                contact_crm_url text,
                started_at timestamptz NOT NULL,
                answered_at timestamptz,
                ended_at timestamptz,
                duration_seconds integer NOT NULL DEFAULT 0 CHECK (duration_seconds >= 0),
                disposition text CHECK (disposition IN ('answered', 'missed', 'declined', 'busy', 'failed', 'cancelled', 'no-answer', 'interrupted')),
                notes text)
            """,
            "CREATE INDEX ix_history_contact ON history (contact_id, id) WHERE contact_id IS NOT NULL",
            "CREATE INDEX ix_history_e164 ON history (remote_e164, id) WHERE remote_e164 IS NOT NULL",
            "CREATE INDEX ix_history_remote_key ON history (remote_key, id)",
            "CREATE INDEX ix_history_digits ON history (remote_digits_rev)",
            "CREATE INDEX ix_history_started ON history (started_at)",
            "CREATE INDEX ix_history_live ON history (owner) WHERE disposition IS NULL",
            """
            CREATE TABLE outbox (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                topic text NOT NULL,
                payload text NOT NULL,
                attempts integer NOT NULL DEFAULT 0,
                next_attempt_at timestamptz NOT NULL,
                created_at timestamptz NOT NULL)
            """,
            "CREATE INDEX ix_outbox_due ON outbox (topic, next_attempt_at)",
        ]),
        new Migration(2, "history text search",
        [
            """ALTER TABLE history ADD COLUMN search text COLLATE "C" NOT NULL DEFAULT ''""",
            """ALTER TABLE history ADD COLUMN notes_search text COLLATE "C" NOT NULL DEFAULT ''""",
        ], DbHistoryStore.FillSearchAsync),
    ];
}
