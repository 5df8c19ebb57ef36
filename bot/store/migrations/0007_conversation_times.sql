-- When a conversation state was last written. PTB does not persist a flow's timeout, so after a
-- restart a state older than its flow's timeout is dropped instead of restored.
ALTER TABLE ptb_conversations ADD COLUMN updated_at TEXT;
