import { z } from '@hono/zod-openapi';

/** Money as integer fen (1 元 = 100 fen) with its currency; never floats. */
export const MoneySchema = z
  .strictObject({
    amountFen: z
      .number()
      .int('金额须为整数（单位：分） / amount must be whole fen')
      .nonnegative()
      .max(1e13),
    currency: z.literal('CNY').default('CNY'),
  })
  .openapi('Money', { example: { amountFen: 5_000_000, currency: 'CNY' } });

export type Money = z.infer<typeof MoneySchema>;
