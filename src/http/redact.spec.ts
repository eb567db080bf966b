import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redactQueryString, redactSecrets, redactUrl } from './redact.js';
import { describeRequest, requestKey } from './request.js';

describe('redaction', () => {
  it('removes userinfo and secret query parameters from URLs', () => {
    assert.equal(redactUrl('http://ann:pw@host:9090/prom'), 'http://***@host:9090/prom');
    assert.equal(redactUrl('https://host/x?api_key=abc&step=60&access_token=t'), 'https://host/x?api_key=***&step=60&access_token=***');
    assert.equal(redactUrl('http://host:3100'), 'http://host:3100');
    assert.equal(redactUrl('not a url //u:p@h'), 'not a url //***@h');
  });

  it('masks known secrets, encoded or not, and any Bearer/Basic credential', () => {
    assert.equal(redactSecrets('token a/b c a%2Fb', ['a/b']), 'token *** c ***');
    assert.equal(redactSecrets('Authorization: Bearer xyz.abc', []), 'Authorization: Bearer ***');
    assert.equal(redactSecrets('basic YW5uOnB3', []), 'basic ***');
    assert.equal(redactSecrets('nothing here', ['']), 'nothing here');
  });

  it('masks secret values in query strings only', () => {
    assert.equal(redactQueryString('query=up&token=abc'), 'query=up&token=***');
    assert.equal(redactQueryString('query=up'), 'query=up');
  });
});

describe('request helpers', () => {
  it('describes a request readably, with form parameters and masked secrets', () => {
    assert.equal(describeRequest({ path: '/api/v1/query', method: 'POST', form: { query: 'sum(up{job="a b"})', time: 12 } }), 'POST /api/v1/query?query=sum(up{job="a b"})&time=12');
    assert.equal(describeRequest({ path: '/x', query: { apikey: 's', n: undefined } }), 'GET /x?apikey=***');
  });

  it('keys requests independently of parameter order, but not of values', () => {
    assert.equal(requestKey({ path: '/q', query: { a: 1, b: 2 } }), requestKey({ path: '/q', query: { b: '2', a: '1' } }));
    assert.notEqual(requestKey({ path: '/q', query: { a: 1 } }), requestKey({ path: '/q', form: { a: 1 } }));
    assert.notEqual(requestKey({ path: '/q', method: 'GET' }), requestKey({ path: '/q', method: 'POST' }));
  });
});
