import { z } from "zod";

/** A client message's `id`, echoed as `ref` in the reply or `error` about it. */
export const messageIdSchema = z.union([z.string().max(128), z.number()]);
export type MessageId = z.infer<typeof messageIdSchema>;
