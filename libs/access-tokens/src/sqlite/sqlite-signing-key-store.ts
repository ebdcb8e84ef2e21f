import type { SigningKeyStore, StoredSigningKey } from '@tangle/application';
import { preparePrivateSqliteFile } from '@tangle/platform';
import Database from 'better-sqlite3';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS signing_keys (
    kid TEXT PRIMARY KEY NOT NULL,
    sign_from INTEGER NOT NULL,
    sign_until INTEGER NOT NULL,
    sealed TEXT NOT NULL,
    has_private INTEGER NOT NULL,
    revoked_at INTEGER
  ) WITHOUT ROWID;
`;

const COLUMNS = `kid, sign_from AS signFrom, sign_until AS signUntil, sealed,
  has_private AS hasPrivate, revoked_at AS revokedAt`;

interface Row {
  kid: string;
  signFrom: number;
  signUntil: number;
  sealed: string;
  hasPrivate: number;
  revokedAt: number | null;
}

/**
 * Signing keys in an embedded SQLite file of their own (WAL, synchronous=FULL: a key lost to a
 * power cut would be made again under the same id with other material, and the tokens it had
 * signed would stop verifying). The primary key on `kid` makes insert-if-absent atomic for
 * every process sharing the file.
 */
export class SqliteSigningKeyStore implements SigningKeyStore {
  private readonly listStatement: Database.Statement<[], Row>;
  private readonly getStatement: Database.Statement<[string], Row>;
  private readonly insertStatement: Database.Statement<[Row]>;
  private readonly dropPrivateStatement: Database.Statement<[string, string]>;
  private readonly revokeStatement: Database.Statement<[number, string]>;
  private readonly removeStatement: Database.Statement<[string]>;

  private constructor(private readonly db: Database.Database) {
    this.listStatement = db.prepare(`SELECT ${COLUMNS} FROM signing_keys ORDER BY sign_from, kid`);
    this.getStatement = db.prepare(`SELECT ${COLUMNS} FROM signing_keys WHERE kid = ?`);
    this.insertStatement = db.prepare(
      `INSERT INTO signing_keys (kid, sign_from, sign_until, sealed, has_private, revoked_at)
       VALUES (@kid, @signFrom, @signUntil, @sealed, @hasPrivate, @revokedAt)
       ON CONFLICT (kid) DO NOTHING`,
    );
    this.dropPrivateStatement = db.prepare(
      `UPDATE signing_keys SET sealed = ?, has_private = 0
       WHERE kid = ? AND has_private = 1 AND revoked_at IS NULL`,
    );
    this.revokeStatement = db.prepare(
      `UPDATE signing_keys SET sealed = '', has_private = 0, revoked_at = ?
       WHERE kid = ? AND revoked_at IS NULL`,
    );
    this.removeStatement = db.prepare('DELETE FROM signing_keys WHERE kid = ?');
  }

  /** Opens (creating if needed) the file and its directory; `:memory:` works too. */
  static async open(file: string): Promise<SqliteSigningKeyStore> {
    preparePrivateSqliteFile(file);
    const db = new Database(file);
    try {
      db.pragma('busy_timeout = 5000');
      if (file !== ':memory:') db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.exec(SCHEMA);
      return new SqliteSigningKeyStore(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  async list(): Promise<StoredSigningKey[]> {
    return this.listStatement.all().map(fromRow);
  }

  async insertIfAbsent(key: StoredSigningKey): Promise<StoredSigningKey> {
    // One transaction, so the key read back is the one that won, whoever inserted it.
    return this.db
      .transaction(() => {
        this.insertStatement.run({ ...key, hasPrivate: key.hasPrivate ? 1 : 0 });
        return fromRow(this.getStatement.get(key.kid)!);
      })
      .immediate();
  }

  async dropPrivate(kid: string, sealedPublic: string): Promise<void> {
    this.dropPrivateStatement.run(sealedPublic, kid);
  }

  async revoke(kid: string, at: number): Promise<boolean> {
    this.revokeStatement.run(at, kid);
    return this.getStatement.get(kid) !== undefined;
  }

  async remove(kid: string): Promise<void> {
    this.removeStatement.run(kid);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

function fromRow(row: Row): StoredSigningKey {
  return {
    kid: row.kid,
    signFrom: row.signFrom,
    signUntil: row.signUntil,
    sealed: row.sealed,
    hasPrivate: row.hasPrivate === 1,
    revokedAt: row.revokedAt,
  };
}
