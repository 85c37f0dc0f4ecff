// Holds every request the client made in the Playwright journeys (recorded by
// tests/e2e/support/test.ts) against Mattermost's own API definitions (mattermost-api.json, made by
// regenerate.py), so a path, parameter or field that only the bundled server knows fails the run.
//
//   node tests/api-contract/check_client_requests.mjs <folder of *.jsonl logs>
//
// Exit status 1 on any request Mattermost does not define, unknown query parameter, unknown or
// missing required body field, unknown WebSocket action; or when nothing was recorded, or a journey
// does not use the recording `test` (its requests would go unchecked).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const table = JSON.parse(readFileSync(join(here, 'mattermost-api.json'), 'utf8'));

// Requests under /api/ that Mattermost does not define but the client may make, each with why.
// The client speaks only Mattermost's API, so this stays empty.
const ALLOWED_OUTSIDE_MATTERMOST = [];

// Body fields Mattermost's server reads that its OpenAPI source leaves out (`extra`) or does not
// need in every case (`optional`), each with where the server reads them.
const OPENAPI_GAPS = [
  {
    method: 'POST', path: '/api/v4/uploads', extra: ['type'], optional: ['channel_id'],
    why: 'an import upload: createUpload decodes a whole model.UploadSession, and one of type "import" has no channel (server/channels/api4/upload.go; `mmctl import upload` sends the same)',
  },
];

/** Operations by method, each with a matcher for concrete paths; literal segments rank first. */
const operations = table.operations.map((op) => {
  const segments = op.path.split('/');
  const pattern = segments.map((s) => (/^\{.+\}$/.test(s) ? '[^/]+' : s.replace(/[.*+?^$()|[\]\\]/g, '\\$&')));
  return { ...op, regex: new RegExp(`^${pattern.join('/')}$`), literals: segments.filter((s) => !s.startsWith('{')).length };
});

/** The operation that serves `method path`, or why there is none. */
function lookUp(method, path) {
  const candidates = operations.filter((op) => op.regex.test(path)).sort((a, b) => b.literals - a.literals);
  if (candidates.length === 0) return { problem: 'no such path in Mattermost\'s API' };
  const op = candidates.find((c) => c.method === method);
  if (!op) return { problem: `Mattermost defines ${candidates[0].path} only for ${[...new Set(candidates.map((c) => c.method))].join(', ')}` };
  return { op };
}

function bodyProblems(op, body) {
  const gap = OPENAPI_GAPS.find((g) => g.method === op.method && g.path === op.path);
  const defined = gap && op.body ? {
    ...op.body,
    fields: op.body.fields && [...op.body.fields, ...gap.extra],
    required_fields: op.body.required_fields.filter((f) => !gap.optional.includes(f)),
  } : op.body;
  if (!defined) return body && body.fields?.length ? [`sends a body (${body.fields.join(', ')}) where Mattermost defines none`] : [];
  if (!body) return defined.required ? ['sends no body where Mattermost requires one'] : [];
  if (body.kind === 'unreadable') return [];
  if (defined.kind === 'array') return body.kind === 'array' ? [] : [`sends a ${body.kind} body where Mattermost wants an array`];
  if (defined.kind !== 'object') return [];
  if (body.kind === 'array') return ['sends an array body where Mattermost wants an object'];
  const problems = [];
  if (defined.fields) {
    const unknown = body.fields.filter((f) => !defined.fields.includes(f));
    if (unknown.length) problems.push(`unknown body field(s) ${unknown.join(', ')}`);
  }
  const missing = defined.required_fields.filter((f) => !body.fields.includes(f));
  if (missing.length) problems.push(`missing required body field(s) ${missing.join(', ')}`);
  return problems;
}

/** What one recorded request is (its operation's template where Mattermost has one) and its
 * problems as short sentences (none when it is Mattermost's). */
function check(entry) {
  if (entry.action !== undefined) {
    const known = table.websocket_actions.includes(entry.action);
    return { what: `WebSocket ${entry.action}`, problems: known ? [] : ['not an action Mattermost\'s WebSocket takes'] };
  }
  const what = `${entry.method} ${entry.path}`;
  if (!entry.path.startsWith('/api/')) {
    // The client's own files and page routes, served next to the API (README's proxy setup).
    return { what, problems: entry.method === 'GET' ? [] : ['a non-GET request outside /api/'], outsideApi: true };
  }
  if (ALLOWED_OUTSIDE_MATTERMOST.some((allowed) => allowed.method === entry.method && allowed.path === entry.path)) {
    return { what, problems: [] };
  }
  const { op, problem } = lookUp(entry.method, entry.path);
  if (!op) return { what, problems: [problem] };
  const problems = [];
  const unknownQuery = entry.query.filter((q) => !op.query.includes(q));
  if (unknownQuery.length) problems.push(`unknown query parameter(s) ${unknownQuery.join(', ')} (Mattermost: ${op.query.join(', ') || 'none'})`);
  return { what: `${entry.method} ${op.path}`, problems: problems.concat(bodyProblems(op, entry.body)) };
}

/** Journeys that import `test` straight from Playwright, so their requests are not recorded. */
function unrecordedJourneys() {
  const journeys = join(here, '../e2e');
  return readdirSync(journeys)
    .filter((name) => name.endsWith('.spec.ts'))
    .filter((name) => /import\s*\{[^}]*\btest\b[^}]*\}\s*from\s*'@playwright\/test'/.test(readFileSync(join(journeys, name), 'utf8')));
}

function main() {
  const folder = process.argv[2];
  if (!folder) throw new Error('usage: check_client_requests.mjs <folder of *.jsonl request logs>');
  const entries = (existsSync(folder) ? readdirSync(folder) : [])
    .filter((name) => name.endsWith('.jsonl'))
    .flatMap((name) => readFileSync(join(folder, name), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line)));

  const failures = new Map();
  const used = new Set();
  for (const entry of entries) {
    const { what, problems, outsideApi } = check(entry);
    if (problems.length === 0 && !outsideApi) used.add(what);
    for (const problem of problems) {
      const key = `${what}: ${problem}`;
      if (!failures.has(key)) failures.set(key, entry.journey);
    }
  }
  for (const journey of unrecordedJourneys()) {
    failures.set(`${journey} imports test from @playwright/test, not ./support/test: its requests are not recorded`, journey);
  }
  if (entries.length === 0) failures.set(`nothing was recorded in ${folder}`, '-');

  const unreadable = entries.filter((e) => e.body?.kind === 'unreadable').length;
  console.log(`client requests checked against Mattermost ${table.source.newest_version_listed} (mattermost/mattermost@${table.source.commit.slice(0, 10)}):`);
  console.log(`  ${entries.length} recorded, ${used.size} distinct operations and actions used` +
    (unreadable ? `, ${unreadable} bodies the browser did not expose (fields unchecked)` : ''));
  for (const name of [...used].sort()) console.log(`    ${name}`);
  if (failures.size === 0) return;
  console.log(`\n${failures.size} problem(s):`);
  for (const [problem, journey] of failures) console.log(`  ${problem}\n      first seen in: ${journey}`);
  process.exitCode = 1;
}

main();
