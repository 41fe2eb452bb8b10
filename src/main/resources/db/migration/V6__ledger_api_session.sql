-- Which client API a row's request came in by (chat, messages, responses, route), the client's session id (Claude
-- Code's X-Claude-Code-Session-Id, Codex's session-id) and the prompt-cache writes (priced apart: Anthropic charges
-- them above the input rate). Rows written before this migration were chat completions without a session.
ALTER TABLE ledger ADD COLUMN api VARCHAR(16) DEFAULT 'chat' NOT NULL;
ALTER TABLE ledger ADD COLUMN session_id VARCHAR(200);
ALTER TABLE ledger ADD COLUMN cache_write_tokens BIGINT DEFAULT 0 NOT NULL;
