import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Below this, a compressed page saves less than the headers saying so cost. */
const minimumBytes = 1024;

/** Adds a token to `Vary`, after those another plugin put there. */
export function addVary(reply: FastifyReply, token: string): void {
  const current = String(reply.getHeader('vary') ?? '');
  const tokens = current.split(',').map((value) => value.trim().toLowerCase());
  if (tokens.includes(token.toLowerCase()) || tokens.includes('*')) return;
  reply.header('vary', current ? `${current}, ${token}` : token);
}

/** The encoding to answer with: brotli, else gzip, unless the client refuses it (`;q=0`). */
export function acceptedEncoding(header: string | undefined): 'br' | 'gzip' | undefined {
  const weights = new Map<string, number>();
  for (const part of (header ?? '').toLowerCase().split(',')) {
    const [name, ...parameters] = part.split(';').map((value) => value.trim());
    const q = parameters.find((parameter) => parameter.startsWith('q='));
    if (name) weights.set(name, q ? Number(q.slice(2)) : 1);
  }
  const wanted = (encoding: string) => (weights.get(encoding) ?? weights.get('*') ?? 0) > 0;
  if (wanted('br')) return 'br';
  if (wanted('gzip')) return 'gzip';
  return undefined;
}

/**
 * An `onSend` hook for server-rendered pages (the hosted questionnaire, its thank-you page):
 * HTML made per request, compressed per request. Added inside the pages' own plugin, so the
 * answer route, whose throughput is benchmarked, never runs it. Brotli at quality 5: the 5.5 KB
 * questionnaire becomes 1.6 KB in 0.14 ms (quality 11: 1.4 KB in 11 ms), synchronously, as a
 * round trip to zlib's thread pool costs more than that. Files that do not change are compressed
 * at build time instead, at the highest quality.
 */
export async function compressPage(
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
): Promise<unknown> {
  addVary(reply, 'Accept-Encoding');
  const isText = typeof payload === 'string' || Buffer.isBuffer(payload);
  if (!isText || reply.hasHeader('content-encoding')) return payload;
  const body = typeof payload === 'string' ? Buffer.from(payload) : (payload as Buffer);
  const encoding = acceptedEncoding(request.headers['accept-encoding']);
  if (!encoding || body.length < minimumBytes) return payload;
  reply.header('content-encoding', encoding);
  return compressed(body, encoding);
}

/** A page's bytes in `encoding`, at the levels said above. */
export function compressed(body: Buffer, encoding: 'br' | 'gzip'): Buffer {
  return encoding === 'br'
    ? brotliCompressSync(body, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: 5,
          [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
        },
      })
    : gzipSync(body, { level: 6 });
}
