/**
 * The router a host mounts for a channel that is off: every request gets 404 with a body that
 * says which settings are missing, so an operator testing the webhook sees why at once.
 */
import express, { type Router } from 'express';

/** @param reason e.g. `channel line is not configured (set LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN)` */
export function disabledChannelRouter(reason: string): Router {
  const router = express.Router();
  router.use((_req, res) => {
    res.status(404).json({ error: reason });
  });
  return router;
}
