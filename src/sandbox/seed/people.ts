/**
 * The people and customers of the seeded org: the casebridge integration user, support agents in
 * Israel, the UK and Russia, and accounts (private riders and drivers, corporate B2B customers, a
 * few VIPs) in each region.
 */

/** Username of the integration user casebridge authenticates as. */
export const INTEGRATION_USERNAME = 'casebridge@integration.example';
/** Display name of the integration user. */
export const INTEGRATION_USER_NAME = 'casebridge Integration';

/** A seeded support agent. */
export interface SeedAgent {
  name: string;
  username: string;
  region: 'IL' | 'GB' | 'RU';
}

export const SEED_AGENTS: readonly SeedAgent[] = [
  { name: 'Noa Levi', username: 'noa.levi@support.example', region: 'IL' },
  { name: 'Yossi Cohen', username: 'yossi.cohen@support.example', region: 'IL' },
  { name: 'Dana Mizrahi', username: 'dana.mizrahi@support.example', region: 'IL' },
  { name: 'Oliver Smith', username: 'oliver.smith@support.example', region: 'GB' },
  { name: 'Amelia Jones', username: 'amelia.jones@support.example', region: 'GB' },
  { name: 'Harry Patel', username: 'harry.patel@support.example', region: 'GB' },
  { name: 'Anna Ivanova', username: 'anna.ivanova@support.example', region: 'RU' },
  { name: 'Dmitry Smirnov', username: 'dmitry.smirnov@support.example', region: 'RU' },
  { name: 'Olga Kuznetsova', username: 'olga.kuznetsova@support.example', region: 'RU' },
];

/** A seeded account. */
export interface SeedAccount {
  name: string;
  tier: 'Private' | 'Corporate' | 'VIP';
  region: 'IL' | 'GB' | 'RU';
  /** Contact person and e-mail used on the account's cases. */
  contact: string;
  email: string;
}

function account(name: string, tier: SeedAccount['tier'], region: SeedAccount['region'], contact: string, email: string): SeedAccount {
  return { name, tier, region, contact, email };
}

export const SEED_ACCOUNTS: readonly SeedAccount[] = [
  account('Negev Logistics Ltd', 'Corporate', 'IL', 'Tamar Ben-David', 'tamar@negev-logistics.example'),
  account('Carmel Biotech', 'Corporate', 'IL', 'Eitan Shapiro', 'travel@carmel-bio.example'),
  account('Sharon Software Group', 'Corporate', 'IL', 'Michal Avraham', 'ops@sharon-soft.example'),
  account('Galil Hotels', 'Corporate', 'IL', 'Avi Peretz', 'frontdesk@galil-hotels.example'),
  account('Thames Legal LLP', 'Corporate', 'GB', 'Charlotte Evans', 'facilities@thameslegal.example'),
  account('Northbank Media', 'Corporate', 'GB', 'George Taylor', 'travel@northbank.example'),
  account('Pennine Health Trust', 'Corporate', 'GB', 'Sophie Brown', 'transport@pennine-health.example'),
  account('Clyde Engineering', 'Corporate', 'GB', 'Jack Wilson', 'admin@clyde-eng.example'),
  account('Volga Freight', 'Corporate', 'RU', 'Сергей Орлов', 'orlov@volga-freight.example'),
  account('Ural Metals', 'Corporate', 'RU', 'Елена Соколова', 'sokolova@ural-metals.example'),
  account('Neva Pharma', 'Corporate', 'RU', 'Павел Морозов', 'travel@neva-pharma.example'),
  account('Baikal Consulting', 'Corporate', 'RU', 'Мария Волкова', 'office@baikal-consult.example'),
  account('Jaffa Private Office', 'VIP', 'IL', 'Ruth Katz', 'office@jaffa-po.example'),
  account('Mayfair Family Office', 'VIP', 'GB', 'Edward Hughes', 'pa@mayfair-fo.example'),
  account('Arbat Capital', 'VIP', 'RU', 'Андрей Лебедев', 'assistant@arbat-capital.example'),
  account('Maya Katz', 'Private', 'IL', 'Maya Katz', 'maya.katz@mail.example'),
  account('Omer Friedman (driver)', 'Private', 'IL', 'Omer Friedman', 'omer.driver@mail.example'),
  account('Shira Goldberg', 'Private', 'IL', 'Shira Goldberg', 'shira.g@mail.example'),
  account('Lior Azoulay (driver)', 'Private', 'IL', 'Lior Azoulay', 'lior.drive@mail.example'),
  account('Yael Rosen', 'Private', 'IL', 'Yael Rosen', 'yael.rosen@mail.example'),
  account('James Wilson', 'Private', 'GB', 'James Wilson', 'james.w@mail.example'),
  account('Priya Shah (driver)', 'Private', 'GB', 'Priya Shah', 'priya.driver@mail.example'),
  account('Emily Clarke', 'Private', 'GB', 'Emily Clarke', 'emily.clarke@mail.example'),
  account('Mohammed Khan (driver)', 'Private', 'GB', 'Mohammed Khan', 'mkhan.driver@mail.example'),
  account('Lucy Walker', 'Private', 'GB', 'Lucy Walker', 'lucy.walker@mail.example'),
  account('Иван Петров', 'Private', 'RU', 'Иван Петров', 'ivan.petrov@mail.example'),
  account('Алексей Козлов (водитель)', 'Private', 'RU', 'Алексей Козлов', 'kozlov.driver@mail.example'),
  account('Наталья Новикова', 'Private', 'RU', 'Наталья Новикова', 'n.novikova@mail.example'),
  account('Руслан Галиев (водитель)', 'Private', 'RU', 'Руслан Галиев', 'galiev.driver@mail.example'),
  account('Екатерина Белова', 'Private', 'RU', 'Екатерина Белова', 'kate.belova@mail.example'),
];
