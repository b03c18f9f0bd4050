/**
 * Jira Cloud caps the comments an issue's `comment` field carries (search and GET issue alike) and
 * keeps `total` at the true count; the whole list is the paged `GET /issue/{key}/comment`.
 */
import assert from 'node:assert/strict';
import { EMBEDDED_COMMENTS_MAX } from '../../../src/sandbox/jira/embedded-comments.js';
import { type JiraTestServer, adf, startJiraTestServer } from './jira-test-server.js';

interface CommentPage {
  comments: Array<{ body: unknown }>;
  maxResults: number;
  total: number;
  startAt: number;
}

const textOf = (comment: { body: unknown }) => JSON.stringify(comment.body).match(/"text":"([^"]*)"/)?.[1];

describe('Jira emulator: the comment field carries at most the newest 100 comments', function () {
  this.timeout(30_000);
  let server: JiraTestServer;
  let key = '';
  const COUNT = EMBEDDED_COMMENTS_MAX + 30;

  before(async () => {
    server = await startJiraTestServer();
    const created = await server.request('POST', '/rest/api/3/issue', { fields: { project: { key: 'DRV' }, issuetype: { name: 'Task' }, summary: 'long thread' } });
    key = (created.body as { key: string }).key;
    for (let n = 1; n <= COUNT; n++) assert.equal((await server.request('POST', `/rest/api/3/issue/${key}/comment`, { body: adf(`comment ${n}`) })).status, 201);
  });
  after(async () => server.close());

  function assertNewest(page: CommentPage): void {
    assert.deepEqual([page.comments.length, page.maxResults, page.total, page.startAt], [EMBEDDED_COMMENTS_MAX, EMBEDDED_COMMENTS_MAX, COUNT, COUNT - EMBEDDED_COMMENTS_MAX]);
    assert.equal(textOf(page.comments[0]!), `comment ${COUNT - EMBEDDED_COMMENTS_MAX + 1}`, 'the oldest ones are left out');
    assert.equal(textOf(page.comments.at(-1)!), `comment ${COUNT}`);
  }

  it('in GET issue and in search, with total counting all of them', async () => {
    const read = await server.request('GET', `/rest/api/3/issue/${key}?fields=comment`);
    assertNewest((read.body as { fields: { comment: CommentPage } }).fields.comment);
    const searched = await server.request('POST', '/rest/api/3/search/jql', { jql: `key = ${key}`, fields: ['comment'] });
    assertNewest((searched.body as { issues: Array<{ fields: { comment: CommentPage } }> }).issues[0]!.fields.comment);
  });

  it('while GET /comment pages through every one, oldest first', async () => {
    const first = (await server.request('GET', `/rest/api/3/issue/${key}/comment?orderBy=created&startAt=0&maxResults=100`)).body as CommentPage;
    const rest = (await server.request('GET', `/rest/api/3/issue/${key}/comment?orderBy=created&startAt=100&maxResults=100`)).body as CommentPage;
    assert.deepEqual([first.comments.length, rest.comments.length, first.total], [100, COUNT - 100, COUNT]);
    assert.equal(textOf(first.comments[0]!), 'comment 1');
  });
});
