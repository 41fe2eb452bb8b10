-- Stored responses (POST /v1/responses with store, the default, on a translated provider): each response's own input
-- items and the response itself (its output items), per key, so that previous_response_id can continue a conversation
-- on any provider and GET /v1/responses/{id} can return it. The only prompts and answers the gateway keeps: deleted
-- after RESPONSES_RETENTION_DAYS, or at once by DELETE /v1/responses/{id}. A conversation is the chain of its
-- previous_response_id links, each input stored once. Times are UTC (TIMESTAMP without zone, written by the gateway).
CREATE TABLE responses (
    id                   VARCHAR(64)  NOT NULL PRIMARY KEY,
    key_id               VARCHAR(40)  NOT NULL,
    previous_response_id VARCHAR(64),
    created_at           TIMESTAMP    NOT NULL,
    input_items          TEXT         NOT NULL,
    response             TEXT         NOT NULL
);
CREATE INDEX responses_created_at ON responses (created_at);
