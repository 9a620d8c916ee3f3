/** The ledger's categories: the enum of the assistant's tools. */
export const CATEGORIES = ['Alimentação', 'Transporte', 'Moradia', 'Saúde', 'Educação', 'Lazer', 'Vestuário', 'Contas', 'Outros'] as const;
export type Category = (typeof CATEGORIES)[number];

export const isCategory = (value: unknown): value is Category => CATEGORIES.includes(value as Category);

/** Lower-case, without accents: how words are compared. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

const LEXICON: Record<Category, string[]> = {
  Alimentação: ['almoco', 'almocei', 'jantar', 'jantei', 'cafe', 'lanche', 'restaurante', 'mercado', 'supermercado', 'padaria', 'pao', 'comida', 'pizza', 'ifood', 'feira', 'acougue', 'alimentacao', 'food', 'lunch', 'dinner', 'groceries', 'breakfast', 'coffee'],
  Transporte: ['uber', 'taxi', 'onibus', 'metro', 'gasolina', 'combustivel', 'estacionamento', 'pedagio', '99', 'passagem', 'transporte', 'bus', 'fuel', 'gas', 'parking', 'train'],
  Moradia: ['aluguel', 'condominio', 'iptu', 'reforma', 'moradia', 'casa', 'rent', 'mortgage'],
  Saúde: ['farmacia', 'remedio', 'medico', 'consulta', 'dentista', 'exame', 'plano de saude', 'academia', 'saude', 'pharmacy', 'doctor', 'medicine', 'gym'],
  Educação: ['curso', 'escola', 'faculdade', 'livro', 'mensalidade', 'educacao', 'course', 'school', 'book', 'tuition'],
  Lazer: ['cinema', 'show', 'bar', 'cerveja', 'viagem', 'netflix', 'spotify', 'jogo', 'festa', 'lazer', 'movie', 'beer', 'trip', 'concert', 'game'],
  Vestuário: ['roupa', 'camisa', 'calca', 'sapato', 'tenis', 'vestido', 'vestuario', 'clothes', 'shoes', 'shirt'],
  Contas: ['luz', 'agua', 'internet', 'telefone', 'celular', 'energia', 'conta', 'contas', 'boleto', 'fatura', 'bill', 'electricity', 'water', 'phone'],
  Outros: ['outros', 'other'],
};

/** The category a text talks about, by keyword; undefined when none matches. */
export function categoryOf(text: string): Category | undefined {
  const words = ` ${fold(text).replace(/[^a-z0-9 ]/g, ' ')} `;
  for (const category of CATEGORIES) {
    if (fold(category) && words.includes(` ${fold(category)} `)) return category;
    if (LEXICON[category].some((word) => words.includes(` ${word} `))) return category;
  }
  return undefined;
}
