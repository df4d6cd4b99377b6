import { describe, expect, it } from 'vitest';
import { forPostgres } from '../../src/db/pg/portable.js';

describe('SQLite SQL as PostgreSQL reads it', () => {
  it('drops INDEXED BY, turns CROSS JOIN … ON into JOIN and LIKE into ILIKE, outside quotes only', () => {
    expect(
      forPostgres("SELECT 1 FROM demands d INDEXED BY demands_by_status WHERE d.summary LIKE ? AND note = 'LIKE x'"),
    ).toBe("SELECT 1 FROM demands d WHERE d.summary ILIKE ? AND note = 'LIKE x'");
    expect(forPostgres('FROM demand_events e CROSS JOIN demands d ON d.id = e.demand_id')).toBe(
      'FROM demand_events e JOIN demands d ON d.id = e.demand_id',
    );
    expect(forPostgres('FROM a CROSS JOIN b')).toBe('FROM a CROSS JOIN b');
    expect(forPostgres("WHERE x IS NOT 'pause' AND y IS ? AND z IS NOT NULL AND w IS NULL")).toBe(
      "WHERE x IS DISTINCT FROM 'pause' AND y IS NOT DISTINCT FROM ? AND z IS NOT NULL AND w IS NULL",
    );
  });

  it("calls SQLite's functions in hongwu's own schema, never a same-named one on the search path", () => {
    expect(
      forPostgres(
        "SELECT hongwu.strftime('%Y', at), group_concat(tag ORDER BY n), JULIANDAY(a) - julianday (b) " +
          "FROM json_each(?) WHERE note = 'strftime(x)' AND my_strftime(y)",
      ),
    ).toBe(
      "SELECT hongwu.strftime('%Y', at), hongwu.group_concat(tag ORDER BY n), hongwu.JULIANDAY(a) - " +
        "hongwu.julianday(b) FROM hongwu.json_each(?) WHERE note = 'strftime(x)' AND my_strftime(y)",
    );
  });

  it('names a subquery in FROM that has none, nested ones too, and leaves named ones alone', () => {
    expect(forPostgres('SELECT max(at) FROM (SELECT at FROM x UNION ALL SELECT at FROM (SELECT at FROM y))')).toBe(
      'SELECT max(at) FROM (SELECT at FROM x UNION ALL SELECT at FROM (SELECT at FROM y) AS hongwu_subquery_1) ' +
        'AS hongwu_subquery_2',
    );
    expect(forPostgres('SELECT * FROM (SELECT 1) o WHERE x')).toBe('SELECT * FROM (SELECT 1) o WHERE x');
    expect(forPostgres("SELECT n FROM (SELECT ')' AS n) ORDER BY n")).toBe(
      "SELECT n FROM (SELECT ')' AS n) AS hongwu_subquery_1 ORDER BY n",
    );
  });
});
