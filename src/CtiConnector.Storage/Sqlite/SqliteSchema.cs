using CtiConnector.Storage.Relational;

namespace CtiConnector.Storage.Sqlite;

/// <summary>The SQLite schema, as migrations. Times are Unix milliseconds (UTC). Never edit a released step: add one.</summary>
internal static class SqliteSchema
{
    public const string CreateVersionTable =
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at INTEGER NOT NULL)";

    public static IReadOnlyList<Migration> Migrations { get; } =
    [
        new Migration(1, "contacts, history and outbox",
        [
            """
            CREATE TABLE contacts (
                id TEXT NOT NULL PRIMARY KEY,
                external_id TEXT UNIQUE,
                name TEXT NOT NULL CHECK (length(trim(name)) > 0),
                company TEXT,
                email TEXT,
                crm_url TEXT,
                name_key TEXT NOT NULL,
                search TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL)
            """,
            "CREATE INDEX ix_contacts_name_key ON contacts (name_key, id)",
            """
            CREATE TABLE contact_numbers (
                contact_id TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                type TEXT NOT NULL,
                raw TEXT NOT NULL,
                e164 TEXT,
                match_key TEXT,
                digits TEXT NOT NULL,
                PRIMARY KEY (contact_id, position))
            """,
            "CREATE INDEX ix_contact_numbers_e164 ON contact_numbers (e164, contact_id) WHERE e164 IS NOT NULL",
            "CREATE INDEX ix_contact_numbers_match_key ON contact_numbers (match_key, contact_id) WHERE match_key IS NOT NULL",
            "CREATE INDEX ix_contact_numbers_digits ON contact_numbers (digits)",
            """
            CREATE TABLE contact_terms (
                term TEXT NOT NULL,
                contact_id TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
                PRIMARY KEY (term, contact_id)) WITHOUT ROWID
            """,
            "CREATE INDEX ix_contact_terms_contact ON contact_terms (contact_id)",
            """
            CREATE TABLE history (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                owner TEXT NOT NULL,
                call_id TEXT NOT NULL,
                account_id TEXT,
                direction TEXT NOT NULL CHECK (direction IN ('outbound', 'inbound')),
                remote_raw TEXT NOT NULL,
                remote_e164 TEXT,
                remote_display_name TEXT,
                remote_key TEXT NOT NULL,
                remote_digits_rev TEXT NOT NULL,
                contact_id TEXT,
                contact_name TEXT,
                contact_company TEXT,
                contact_crm_url TEXT,
                started_at INTEGER NOT NULL,
                answered_at INTEGER,
                ended_at INTEGER,
                duration_seconds INTEGER NOT NULL DEFAULT 0 CHECK (duration_seconds >= 0),
                disposition TEXT CHECK (disposition IN ('answered', 'missed', 'declined', 'busy', 'failed', 'cancelled', 'no-answer', 'interrupted')),
                notes TEXT)
            """,
            "CREATE INDEX ix_history_contact ON history (contact_id, id) WHERE contact_id IS NOT NULL",
            "CREATE INDEX ix_history_e164 ON history (remote_e164, id) WHERE remote_e164 IS NOT NULL",
            "CREATE INDEX ix_history_remote_key ON history (remote_key, id)",
            "CREATE INDEX ix_history_digits ON history (remote_digits_rev)",
            "CREATE INDEX ix_history_started ON history (started_at)",
            "CREATE INDEX ix_history_live ON history (owner) WHERE disposition IS NULL",
            """
            CREATE TABLE outbox (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                topic TEXT NOT NULL,
                payload TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at INTEGER NOT NULL,
                created_at INTEGER NOT NULL)
            """,
            "CREATE INDEX ix_outbox_due ON outbox (topic, next_attempt_at)",
        ]),
        new Migration(2, "history text search",
        [
            "ALTER TABLE history ADD COLUMN search TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE history ADD COLUMN notes_search TEXT NOT NULL DEFAULT ''",
        ], DbHistoryStore.FillSearchAsync),
    ];
}
