// The baseline of the ingestion benchmark: Fastify answering the same POST with {ok:true}, and
// nothing else (no validation, no database). Prints where it listens, as our server does.
import Fastify from 'fastify';

const app = Fastify();
app.addContentTypeParser('text/plain', { parseAs: 'string' }, (_request, body, done) =>
  done(null, body),
);
app.post('/api/v1/procedures/:key/feedback', async () => ({ ok: true }));
const address = await app.listen({ port: 0, host: '127.0.0.1' });
console.log(`listening at ${address}`);
