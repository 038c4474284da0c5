import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { acceptedEncoding, compressed } from '../http/compression.ts';
import { pageSecurityPolicy } from './send-page.ts';

/** Public, so cacheable by browsers and proxies, for 5 minutes (docs/design.md §10, §13). */
const cacheControl = 'public, max-age=300';

/**
 * Sends a public page or file with an ETag made from its content: a cache revalidates for
 * nothing while it stands, and loses it as soon as the content changes, a procedure switched
 * off included (it then answers 404, never cached).
 */
export function sendCached(
  request: FastifyRequest,
  reply: FastifyReply,
  type: string,
  body: string,
) {
  return sendWithTag(request, reply, type, contentTag(body), body);
}

function contentTag(body: string | Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/** A file kept between requests: its ETag and its bytes as is, brotli and gzip. */
export type KeptFile = { etag: string; identity: Buffer; br: Buffer; gzip: Buffer };

export function keptFile(text: string): KeptFile {
  const identity = Buffer.from(text);
  return {
    etag: contentTag(identity),
    identity,
    br: compressed(identity, 'br'),
    gzip: compressed(identity, 'gzip'),
  };
}

/** Sends a kept file as the client takes it; `compressPage` leaves an encoded body alone. */
export function sendKept(
  request: FastifyRequest,
  reply: FastifyReply,
  type: string,
  file: KeptFile,
) {
  const encoding = acceptedEncoding(request.headers['accept-encoding']);
  const body = encoding ? file[encoding] : file.identity;
  return sendWithTag(request, reply, type, file.etag, body, encoding);
}

function sendWithTag(
  request: FastifyRequest,
  reply: FastifyReply,
  type: string,
  etag: string,
  body: string | Buffer,
  encoding?: 'br' | 'gzip',
) {
  reply.headers({
    'content-type': type,
    'cache-control': cacheControl,
    etag,
    'content-security-policy': pageSecurityPolicy,
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
  });
  if (request.headers['if-none-match'] === etag) return reply.code(304).send();
  if (encoding) reply.header('content-encoding', encoding);
  return reply.send(body);
}
