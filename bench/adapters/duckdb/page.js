// DuckDB-wasm in the browser, as its documentation shows it: AsyncDuckDB in a Worker with the
// single-threaded EH bundle, the user's File registered with registerFileHandle
// (BROWSER_FILEREADER: DuckDB reads the disk-backed File itself), the documented CSV reader
// read_csv with explicit column types, then one SQL query per indicator. The database is opened
// once per page (rep 0, "cold", includes worker start, the 34 MB .wasm fetch, compile and
// instantiate); every rep registers the File again, loads it into a table and drops both after.
import * as duckdb from "@duckdb/duckdb-wasm";

let db = null;
let conn = null;

async function open() {
  const worker = new Worker(new URL("duckdb-browser-eh.worker.js", import.meta.url));
  const d = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await d.instantiate(new URL("duckdb-eh.wasm", import.meta.url).href);
  conn = await d.connect();
  db = d;
}

const LOAD = `CREATE OR REPLACE TABLE hours AS
  SELECT * FROM read_csv('hours.csv', header = true, delim = ',', quote = '"', escape = '"',
    columns = {'volunteer_id': 'INTEGER', 'date': 'DATE', 'hours': 'DOUBLE', 'domain': 'VARCHAR',
               'organization': 'VARCHAR', 'neighborhood': 'VARCHAR'})
  WHERE hours IS NOT NULL`;

const rows = async (sql) => (await conn.query(sql)).toArray().map((r) => r.toJSON());

export async function run(file, { reportYear }) {
  if (!db) await open();
  const firstChunkAt = performance.now();
  await db.registerFileHandle("hours.csv", file, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
  try {
    await conn.query(LOAD);
    const [vols] = await rows("SELECT count(DISTINCT volunteer_id)::INTEGER AS n FROM hours");
    const grid = await rows("SELECT strftime(date, '%Y-%m') AS month, domain, sum(hours) AS h FROM hours GROUP BY ALL");
    const fresh = await rows(
      "SELECT y, count(*)::INTEGER AS n FROM (SELECT volunteer_id, min(year(date))::INTEGER AS y FROM hours GROUP BY volunteer_id) GROUP BY y",
    );
    const kept = await rows(
      `WITH vy AS (SELECT DISTINCT volunteer_id, year(date)::INTEGER AS y FROM hours)
       SELECT a.y, count(*)::INTEGER AS n FROM vy a JOIN vy b ON a.volunteer_id = b.volunteer_id AND b.y = a.y - 1 GROUP BY a.y`,
    );
    const [hpv] = await rows(
      `SELECT avg(s) AS mean, quantile_cont(s, 0.5) AS median, quantile_cont(s, 0.9) AS p90
       FROM (SELECT volunteer_id, sum(hours) AS s FROM hours WHERE year(date) = ${Number(reportYear)} GROUP BY volunteer_id)`,
    );
    const active = await rows(
      "SELECT strftime(date, '%Y-%m') AS month, count(DISTINCT volunteer_id)::INTEGER AS n FROM hours GROUP BY month",
    );
    return {
      firstChunkAt,
      indicators: {
        volunteers: vols.n,
        hoursByMonthDept: Object.fromEntries(grid.map((r) => [`${r.month}\t${r.domain}`, r.h])),
        activeByMonth: Object.fromEntries(active.map((r) => [r.month, r.n])),
        newByYear: Object.fromEntries(fresh.map((r) => [String(r.y), r.n])),
        retainedByYear: Object.fromEntries(kept.map((r) => [String(r.y), r.n])),
        hoursPerVolunteer: { mean: hpv.mean, median: hpv.median, p90: hpv.p90 },
      },
    };
  } finally {
    await conn.query("DROP TABLE IF EXISTS hours");
    await db.dropFile("hours.csv");
  }
}
