/** The ledger's categories: the enum of the assistant's tools. */
export const CATEGORIES = ['Alimentação', 'Transporte', 'Moradia', 'Saúde', 'Educação', 'Lazer', 'Vestuário', 'Contas', 'Outros'] as const;
export type Category = (typeof CATEGORIES)[number];
