import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { acceptedEncoding } from '../../http/compression.ts';
import { problems } from '../../http/problem-schema.ts';
import type { WidgetManifest } from '../../pages/widget-manifest.ts';
import { widgetScript } from './widget-schema.ts';

type PublicFile = { type: string; identity: Buffer; gzip: Buffer; br: Buffer; etag: string };

const types: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  json: 'application/json; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

/**
 * Serves the widget build from memory, compressed once at start (brotli, gzip). Content-hashed
 * names are immutable for a year (the URL changes with the content); `/widget.js` always points
 * at the latest build, cached 5 minutes, for those who cannot update an SRI hash. CORS `*` and no
 * cookie: any page may load them, with `crossorigin="anonymous"` for SRI.
 */
export const publicFilesRoute: FastifyPluginAsyncZod<{
  widgetDir: string;
  manifest: WidgetManifest;
}> = async (app, { widgetDir, manifest }) => {
  const files = new Map<string, PublicFile>();
  for (const name of manifest.files) {
    const identity = readFileSync(join(widgetDir, name));
    files.set(name, {
      type: types[name.split('.').pop() as string] ?? 'application/octet-stream',
      identity,
      gzip: gzipSync(identity, { level: 9 }),
      br: brotliCompressSync(identity, {
        params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY },
      }),
      etag: `"${createHash('sha256').update(identity).digest('base64url').slice(0, 16)}"`,
    });
  }

  const serve = (name: string, cacheControl: string) => {
    const file = files.get(name) as PublicFile;
    return async (request: FastifyRequest, reply: FastifyReply) => {
      reply.headers({
        'content-type': file.type,
        'cache-control': cacheControl,
        etag: file.etag,
        vary: 'Accept-Encoding',
        'access-control-allow-origin': '*',
        'cross-origin-resource-policy': 'cross-origin',
        'x-content-type-options': 'nosniff',
      });
      if (request.headers['if-none-match'] === file.etag) return reply.code(304).send();
      const encoding = acceptedEncoding(request.headers['accept-encoding']);
      if (encoding) reply.header('content-encoding', encoding);
      return reply.send(file[encoding ?? 'identity']);
    };
  };

  const schema = { hide: true };
  for (const name of files.keys()) {
    app.get(`/${name}`, { schema }, serve(name, 'public, max-age=31536000, immutable'));
  }
  app.get('/widget.js', { schema }, serve(manifest.file, 'public, max-age=300'));

  app.get(
    '/api/v1/widget',
    {
      config: { access: 'public' },
      schema: {
        operationId: 'getWidgetScript',
        tags: ['public'],
        summary: 'The current widget script and its SRI hash, for the embed code',
        security: [],
        // Credentials sent along are checked as anywhere under /api/v1: a stale key gets a 401, and
        // a database out of reach a 503.
        response: { 200: widgetScript, ...problems(401, 503) },
      },
    },
    async () => ({ script: `/${manifest.file}`, integrity: manifest.integrity }),
  );
};
