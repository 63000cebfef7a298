import { z } from 'zod';

/** What a button carries: the command words to run, whether to post publicly, and which page. */
export const actionValueSchema = z.object({
  c: z.string().min(1).max(500),
  p: z.boolean().optional(),
  page: z.number().int().min(1).max(50).optional(),
});

export type ActionValue = z.infer<typeof actionValueSchema>;

export const encodeActionValue = (value: ActionValue): string => JSON.stringify(value);

export function decodeActionValue(raw: string | undefined): ActionValue | null {
  try {
    const parsed = actionValueSchema.safeParse(JSON.parse(raw ?? ''));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
