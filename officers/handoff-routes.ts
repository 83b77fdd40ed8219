/**
 * The hand-off routes of the officer API (`/handoffs…`, `/conversations/takeover`). Mounted by
 * {@link createOfficerApiRouter} behind authentication.
 */
import express, { type Router } from 'express';
import { caller } from './auth-middleware';
import { HandoffId, ListQuery, MessageBody, SuggestionQuery, ResolveBody, TakeoverBody, TextBody, TransferBody, parse } from './api-schemas';
import type { HandoffService } from './handoff-service';
import type { Handoff } from './handoff-repository';
import { HandoffNotFoundError, NotFoundError } from './officer-errors';

/** The stored conversation reference stays server-side. */
const view = (h: Handoff): Omit<Handoff, 'reference'> => {
  const { reference: _hidden, ...rest } = h;
  return rest;
};

/** Builds the hand-off routes. */
export function createHandoffRoutes(service: HandoffService, bodyLimit: string): Router {
  const router = express.Router();
  const json = express.json({ limit: bodyLimit });
  const id = (raw: unknown): string => {
    const parsed = HandoffId.safeParse(raw);
    if (!parsed.success) throw new HandoffNotFoundError(String(raw));
    return parsed.data;
  };

  router.get('/handoffs', async (req, res) => {
    const { status } = parse(ListQuery, req.query);
    res.json({ handoffs: await service.list(status, caller(res).officer) });
  });

  router.get('/handoffs/:id', async (req, res) => {
    res.json(await service.detail(id(req.params.id), caller(res).officer));
  });

  router.post('/handoffs/:id/claim', async (req, res) => {
    res.json({ handoff: view(await service.claim(id(req.params.id), caller(res).officer)) });
  });

  router.post('/handoffs/:id/messages', json, async (req, res) => {
    const { text, fromDraft } = parse(MessageBody, req.body);
    res.status(201).json({ message: await service.sendMessage(id(req.params.id), caller(res).officer, text, { fromDraft }) });
  });

  router.post('/handoffs/:id/messages/:messageId/retry', async (req, res) => {
    const messageId = Number(req.params.messageId);
    if (!Number.isSafeInteger(messageId) || messageId <= 0) throw new NotFoundError('message not found');
    res.json({ message: await service.retryMessage(id(req.params.id), messageId, caller(res).officer) });
  });

  router.post('/handoffs/:id/notes', json, async (req, res) => {
    const { text } = parse(TextBody, req.body);
    res.status(201).json({ note: await service.addNote(id(req.params.id), caller(res).officer, text) });
  });

  router.post('/handoffs/:id/transfer', json, async (req, res) => {
    const { officerId } = parse(TransferBody, req.body);
    res.json({ handoff: view(await service.transfer(id(req.params.id), caller(res).officer, officerId)) });
  });

  router.post('/handoffs/:id/resolve', json, async (req, res) => {
    const { outcome } = parse(ResolveBody, req.body);
    res.json({ handoff: view(await service.resolve(id(req.params.id), caller(res).officer, outcome)) });
  });

  router.post('/handoffs/:id/return-to-bot', async (req, res) => {
    res.json({ handoff: view(await service.returnToBot(id(req.params.id), caller(res).officer)) });
  });

  router.get('/handoffs/:id/suggestion', async (req, res) => {
    const { team } = parse(SuggestionQuery, req.query);
    res.json({ suggestion: await service.suggestion(id(req.params.id), caller(res).officer, team) });
  });

  router.get('/handoffs/:id/question', async (req, res) => {
    const { need, lang } = await service.residentNeed(id(req.params.id), caller(res).officer);
    res.json({ question: need?.question ?? null, basedOn: need?.basedOn ?? [], lang });
  });

  router.post('/conversations/takeover', json, async (req, res) => {
    const { channelId, conversationId } = parse(TakeoverBody, req.body);
    res.status(201).json({ handoff: view(await service.takeover(channelId, conversationId, caller(res).officer)) });
  });

  return router;
}
