import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redactQueryString, redactSecrets, redactUrl, withoutCredentials } from './redact.js';
import { describeRequest, requestKey } from './request.js';

describe('redaction', () => {
  it('removes userinfo and secret query parameters from URLs', () => {
    assert.equal(redactUrl('http://ann:pw@host:9090/prom'), 'http://***@host:9090/prom');
    assert.equal(redactUrl('https://host/x?api_key=abc&step=60&access_token=t'), 'https://host/x?api_key=***&step=60&access_token=***');
    assert.equal(redactUrl('http://host:3100'), 'http://host:3100');
    assert.equal(redactUrl('not a url //u:p@h'), 'not a url //***@h');
  });

  it('takes userinfo to the last @ before the host, as URL parsing does: a password may hold an @', () => {
    assert.equal(redactUrl('http://alice:p@s@sXYZ@127.0.0.1:3100'), 'http://***@127.0.0.1:3100/');
    assert.equal(withoutCredentials('http://alice:p@s@sXYZ@127.0.0.1:3100'), 'http://127.0.0.1:3100/');
    assert.equal(withoutCredentials('http://alice:P@ssw0rd@loki:3100/x?token=t&a=1'), 'http://loki:3100/x?token=***&a=1');
    assert.equal(withoutCredentials('http://loki:3100'), 'http://loki:3100');
    // Not parseable (a space in the host): everything up to the last @ before the path goes.
    assert.equal(withoutCredentials('http://a:p@s@bad host/x@y'), 'http://bad host/x@y');
    assert.equal(redactUrl('http://a:p@s@bad host/x@y'), 'http://***@bad host/x@y');
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
