import type { Category } from './categories.js';

/**
 * The words people use for each category, PT-BR and English, as data: folded (lower
 * case, no accents). An entry ending in `*` is a stem: it matches every word that
 * starts with it ("farmac*": farmácia, farmacêutico). Entries with a space are phrases,
 * matched before single words. Typos are handled by the matcher (edit distance), not here.
 * Digit-only entries ("99") name a brand: they count only when that number is not the amount.
 */
export const LEXICON: Record<Category, readonly string[]> = {
  Alimentação: [
    'alimentacao', 'aliment*', 'comida', 'comid*', 'refeic*', 'almoco', 'almoc*', 'jantar', 'janta', 'jant*', 'cafe', 'cafezinho', 'cafeter*', 'cafe da manha',
    'lanche', 'lanch*', 'restaurante', 'restaur*', 'self service', 'rodizio', 'mercado', 'mercad*', 'supermercado', 'supermerc*', 'hipermerc*', 'atacad*', 'assai', 'carrefour', 'feira', 'hortifrut*', 'sacolao', 'quitanda',
    'acougue', 'acougu*', 'padaria', 'padar*', 'pao', 'paes', 'pizza', 'pizz*', 'hamburg*', 'burger', 'ifood', 'rappi', 'delivery', 'marmit*', 'quentinha',
    'sorvete', 'sorvet*', 'acai', 'doce', 'doces', 'docer*', 'confeitar*', 'bolo', 'bolos', 'chocolat*', 'salgad*', 'coxinha', 'pastel', 'pasteis', 'pastel*', 'esfiha', 'esfirra', 'sushi', 'temaki', 'japones',
    'churrasc*', 'carne', 'carnes', 'frango', 'peixe', 'arroz', 'feijao', 'leite', 'ovos', 'ovo', 'fruta', 'frutas', 'verdura*', 'legume*', 'banana', 'queijo', 'presunto', 'biscoito*', 'bolacha*',
    'iogurte', 'cereal', 'macarrao', 'massa', 'molho', 'azeite', 'oleo de cozinha', 'acucar', 'manteiga', 'margarina', 'refrigerante', 'refri', 'suco', 'agua de coco', 'sanduiche', 'misto quente',
    'tapioca', 'cuscuz', 'pamonha', 'mcdonalds', 'mc donalds', 'bk', 'outback', 'starbucks', 'habibs', 'food', 'lunch', 'dinner', 'breakfast', 'brunch', 'coffee', 'groceries', 'grocery',
    'supermarket', 'bakery', 'snack', 'snacks', 'takeout', 'meal', 'restaurant', 'sandwich', 'agua mineral', 'garrafa de agua', 'bread', 'milk', 'eggs', 'fruit', 'vegetables', 'meat', 'chicken',
    'farinha', 'trigo', 'fuba', 'aveia', 'granola', 'polvilho', 'fermento', 'sal', 'tempero*', 'oregano', 'cominho', 'pimenta', 'alho', 'cebola*', 'tomate*', 'batata*', 'cenoura*', 'mandioca', 'aipim',
    'macaxeira', 'abobora', 'abobrinha', 'berinjela', 'chuchu', 'beterraba', 'pepino', 'pimentao', 'alface', 'couve', 'repolho', 'brocolis', 'milho', 'ervilha', 'lentilha', 'grao de bico', 'maca', 'laranja*',
    'limao', 'limoes', 'uva', 'uvas', 'morango*', 'melancia', 'melao', 'abacaxi', 'mamao', 'abacate', 'goiaba', 'maracuja', 'requeijao', 'mussarela', 'mucarela', 'muzzarela', 'calabresa', 'linguica',
    'bacon', 'picanha', 'costela', 'alcatra', 'maminha', 'fraldinha', 'patinho', 'carne moida', 'peito de frango', 'file', 'bife', 'bifes', 'salsicha', 'mortadela', 'peixe', 'tilapia', 'sardinha', 'atum', 'camarao',
    'mel', 'geleia', 'nescau', 'achocolatado', 'leite condensado', 'creme de leite', 'cafe em po', 'farofa', 'pipoca', 'salgadinho', 'bala', 'balas', 'chiclete', 'bombom', 'brigadeiro', 'empada', 'quibe',
    'hot dog', 'cachorro quente', 'x-tudo', 'xis', 'pao de queijo', 'padoca', 'mercearia', 'emporio', 'hortifruti', 'verdurao', 'cesta basica', 'compras do mes', 'rancho', 'agua de coco', 'cha', 'mate',
  ],
  Transporte: [
    'transporte', 'transport*', 'uber', 'corrida', 'corridas', 'taxi', '99', '99pop', '99 pop', '99taxi', 'cabify', 'indriver', 'onibus', 'busao', 'metro', 'trem', 'brt', 'vlt', 'bilhete unico', 'passagem de onibus',
    'gasolina', 'gasol*', 'etanol', 'diesel', 'combust*', 'posto', 'abastec*', 'estacion*', 'zona azul', 'pedagio', 'pedag*', 'sem parar', 'mototaxi', 'patinete', 'bicicleta',
    'oficina', 'mecanic*', 'pneu', 'pneus', 'borracharia', 'troca de oleo', 'revisao do carro', 'ipva', 'licenciamento', 'multa', 'lava jato', 'lavagem do carro', 'carro', 'moto',
    'bus', 'subway', 'train', 'fuel', 'gas station', 'filled up', 'parking', 'toll', 'cab', 'ride', 'lyft', 'car wash', 'mechanic',
    'conserto do carro', 'conserto da moto', 'revisao', 'funilaria', 'funileiro', 'bateria do carro', 'passagem', 'passagens', 'rodoviaria', 'aeroporto', 'lavagem', 'alinhamento', 'balanceamento',
  ],
  Moradia: [
    'moradia', 'aluguel', 'alug*', 'condominio', 'condomin*', 'iptu', 'reforma', 'reform*', 'pedreiro', 'pintor', 'encanador', 'eletricista', 'apartamento', 'imobil*', 'mudanca', 'moveis', 'movel', 'mobil*',
    'sofa', 'colchao', 'geladeira', 'fogao', 'microondas', 'maquina de lavar', 'eletrodomest*', 'tinta', 'cimento', 'material de construcao', 'constru*', 'ferragem', 'leroy', 'diarista', 'faxin*',
    'jardineiro', 'chaveiro', 'cortina', 'tapete', 'lampada', 'rent', 'mortgage', 'furniture', 'repair', 'cleaning', 'plumber', 'housekeeper', 'couch',
    'conserto', 'consertos', 'reparo', 'reparos', 'manutencao', 'chuveiro', 'torneira', 'pia', 'vaso sanitario', 'privada', 'descarga', 'encanamento', 'cano', 'canos', 'vazamento', 'infiltrac*', 'goteira',
    'telhado', 'telha', 'telhas', 'calha', 'parede', 'piso', 'azulejo', 'porcelanato', 'rejunte', 'reboco', 'janela', 'vidro', 'vidros', 'vidracar*', 'vidraceiro', 'porta', 'fechadura', 'portao', 'interfone',
    'disjuntor', 'tomada', 'fiacao', 'resistencia', 'pintura', 'pintar', 'massa corrida', 'marcen*', 'gesso', 'gesseiro', 'serralheir*', 'dedetiz*', 'desentup*', 'caixa d agua', 'caixa dagua', 'cama',
    'armario', 'guarda roupa', 'estante', 'prateleira', 'panela', 'panelas', 'utensilios', 'ferramenta*', 'furadeira', 'parafuso*', 'material de limpeza', 'produtos de limpeza', 'detergente', 'vassoura',
    'ar condicionado', 'ventilador', 'botijao de gas', 'home center', 'telhanorte', 'casa e construcao',
  ],
  Saúde: [
    'saude', 'farmacia', 'farmac*', 'drogaria', 'drogasil', 'remedio', 'remed*', 'medicament*', 'medico', 'medica', 'medic*', 'consulta', 'dentista', 'dent*', 'exame', 'exames', 'hospital', 'hospit*',
    'clinica', 'clinic*', 'plano de saude', 'convenio', 'academia', 'psicolog*', 'terapia', 'terap*', 'fisioter*', 'fisio', 'vacina', 'vacin*', 'oculos de grau', 'lente de contato', 'dermat*', 'nutric*',
    'pilates', 'crossfit', 'suplement*', 'vitamina', 'whey', 'pomada', 'dipirona', 'antibiotic*', 'raio x', 'ultrassom', 'laborat*', 'ortoped*', 'oftalm*', 'pediatr*', 'ginecolog*', 'cardiolog*',
    'pharmacy', 'doctor', 'medicine', 'gym', 'dentist', 'therapy', 'drugstore', 'vitamins', 'health',
  ],
  Educação: [
    'educacao', 'educ*', 'curso', 'cursos', 'cursinho', 'escola', 'escol*', 'faculdade', 'faculd*', 'universid*', 'livro', 'livros', 'livraria', 'apostila*', 'material escolar', 'caderno*',
    'caneta*', 'lapis', 'mensalidade da escola', 'mensalidade da faculdade', 'matricula', 'ingles', 'aula', 'aulas', 'professor*', 'udemy', 'alura', 'coursera', 'duolingo', 'palestra', 'congresso',
    'certificac*', 'vestibular', 'enem', 'course', 'school', 'college', 'tuition', 'textbook', 'book', 'books', 'class', 'lesson', 'lessons', 'tutor', 'workshop',
  ],
  Lazer: [
    'lazer', 'cinema', 'cinem*', 'filme', 'show', 'shows', 'teatro', 'teatr*', 'bar', 'barzinho', 'boteco', 'balada', 'boate', 'cerveja', 'cerveja*', 'chopp', 'chope', 'drink', 'drinks', 'vinho',
    'viagem', 'viag*', 'viajar', 'passagem aerea', 'aviao', 'hotel', 'pousada', 'airbnb', 'hosped*', 'passeio', 'parque', 'museu', 'ingresso', 'ingress*', 'netflix', 'spotify', 'disney', 'hbo', 'prime video', 'globoplay',
    'youtube premium', 'jogo', 'jogos', 'game', 'games', 'steam', 'playstation', 'xbox', 'nintendo', 'futebol', 'estadio', 'festa', 'festas', 'praia', 'clube', 'boliche', 'karaoke', 'sinuca',
    'happy hour', 'diversao', 'entreten*', 'movie', 'movies', 'beer', 'beers', 'trip', 'travel', 'concert', 'party', 'vacation', 'tickets', 'bowling', 'museum', 'entertainment', 'leisure', 'fun',
  ],
  Vestuário: [
    'vestuario', 'roupa', 'roupas', 'roup*', 'camisa', 'camiseta', 'camis*', 'blusa', 'blusinha', 'calca', 'calcas', 'bermuda', 'shorts', 'saia', 'vestido', 'sapato', 'sapatos', 'sapat*', 'tenis',
    'sandalia', 'chinelo', 'havaianas', 'bota', 'botas', 'meia', 'meias', 'cueca', 'calcinha', 'sutia', 'jaqueta', 'casaco', 'moletom', 'bone', 'cinto', 'bolsa', 'pijama', 'uniforme', 'lingerie',
    'calcado*', 'renner', 'riachuelo', 'cea', 'zara', 'shein', 'hering', 'clothes', 'clothing', 'shoes', 'shirt', 'tshirt', 't-shirt', 'pants', 'jeans', 'dress', 'jacket', 'sneakers', 'socks', 'boots',
    'tecido', 'tecidos', 'costureira', 'costura', 'aviamentos', 'linha de costura', 'ajuste de roupa',
  ],
  Contas: [
    'contas', 'conta', 'conta de luz', 'luz', 'energia', 'eletricidade', 'enel', 'cemig', 'copel', 'agua', 'sabesp', 'esgoto', 'gas', 'botijao', 'internet', 'wifi', 'fibra', 'telefone', 'celular',
    'plano do celular', 'recarga', 'claro', 'vivo', 'tim', 'boleto', 'boletos', 'fatura', 'fatur*', 'cartao de credito', 'seguro', 'tv a cabo', 'sky', 'imposto', 'impost*', 'taxa', 'tarifa', 'anuidade',
    'bill', 'bills', 'electricity', 'water', 'phone', 'utilities', 'insurance',
    'net', 'internet fibra', 'banda larga', 'conta de agua', 'conta de gas', 'conta de telefone', 'conta do celular', 'plano de celular', 'streaming', 'assinatura', 'mensalidade', 'parcela', 'parcelas',
    'prestacao', 'financiamento', 'emprestimo', 'juros', 'tarifa bancaria', 'cartorio', 'darf', 'inss', 'contador', 'contabilidade', 'fatura do cartao', 'cartao',
  ],
  Outros: [
    'outros', 'outro', 'other', 'presente', 'presentes', 'present*', 'doacao', 'dizimo', 'pet', 'petshop', 'racao', 'veterinari*', 'cabeleireir*', 'barbeiro', 'barbearia', 'salao', 'manicure', 'cosmetic*',
    'perfume', 'maquiagem', 'shampoo', 'sabonete', 'lavanderia', 'correios', 'sedex', 'frete', 'gift', 'donation', 'haircut', 'misc',
    // Personal care: the ledger has no category of its own for it.
    'escova', 'escova progressiva', 'progressiva', 'chapinha', 'corte de cabelo', 'cabelo', 'cabeleireiro', 'pedicure', 'unha', 'unhas', 'sobrancelha', 'sobrancelhas', 'depilacao', 'depilac*', 'cilios',
    'esteticista', 'estetica', 'massagem', 'hidratacao', 'manicure e pedicure', 'salao de beleza', 'creme', 'hidratante', 'desodorante', 'barba', 'nails',
  ],
};

/** Words that say little on their own: any more specific word in the message wins over them. */
export const GENERIC = new Set(['conserto', 'consertos', 'reparo', 'reparos', 'manutencao', 'assinatura', 'mensalidade', 'parcela', 'parcelas', 'prestacao', 'cartao', 'porta', 'pia', 'lavagem', 'passagem', 'passagens', 'aeroporto', 'revisao', 'pintura', 'pintar', 'cama', 'file', 'mate', 'cha', 'sal', 'bala', 'panela', 'conta', 'contas', 'boleto', 'boletos', 'fatura', 'fatur*', 'taxa', 'tarifa', 'carro', 'moto', 'posto', 'outro', 'outros', 'other', 'massa', 'recarga', 'aula', 'class', 'ride', 'fun', 'seguro', 'claro', 'vivo', 'tim', 'bar', 'cafe', 'festa', 'parque', 'ovo', 'meia', 'bolsa', 'cab', 'educ*', 'dent*', 'medic*', 'constru*']);

/** How people name the categories themselves ("era lazer", "move it to food"). */
export const CATEGORY_NAMES: Record<Category, readonly string[]> = {
  Alimentação: ['alimentacao', 'comida', 'food'],
  Transporte: ['transporte', 'transport', 'transportation'],
  Moradia: ['moradia', 'casa', 'housing', 'home'],
  Saúde: ['saude', 'health'],
  Educação: ['educacao', 'education'],
  Lazer: ['lazer', 'leisure', 'entertainment', 'diversao'],
  Vestuário: ['vestuario', 'roupas', 'clothing', 'clothes'],
  Contas: ['contas', 'conta', 'bills'],
  Outros: ['outros', 'outras', 'other', 'others'],
};
