import type { FastifyInstance } from 'fastify';

/**
 * 405 with `Allow` for a known path's other methods (a 404 would say the path does not exist). Call it
 * before the routes are registered; call what it returns after, once every route is known.
 */
export function answerMethodNotAllowed(app: FastifyInstance): () => void {
  const allowed = new Map<string, Set<string>>();
  let closing = false;
  app.addHook('onRoute', (route) => {
    if (closing) return;
    const methods = allowed.get(route.url) ?? new Set<string>();
    for (const m of [route.method].flat()) methods.add(m);
    allowed.set(route.url, methods);
  });
  return () => {
    closing = true;
    const every = app.supportedMethods; // TRACE, QUERY, PROPFIND...: every one Fastify can route
    for (const [url, methods] of allowed) {
      // A plugin may answer a method on a path it did not announce (the Swagger UI's trailing slash).
      const missing = every.filter((m) => !methods.has(m) && !app.hasRoute({ method: m, url }));
      if (missing.length === 0) continue;
      const allow = every.filter((m) => methods.has(m)).join(', ');
      app.route({
        method: missing,
        url,
        schema: { hide: true },
        // Answered before the body is read: a method with a body (QUERY) needs no content type to hear 405.
        onRequest: async (req, reply) =>
          reply
            .code(405)
            .header('allow', allow)
            .send({ error: `${req.method} is not allowed here: ${allow}` }),
        handler: async () => undefined,
      });
    }
  };
}
