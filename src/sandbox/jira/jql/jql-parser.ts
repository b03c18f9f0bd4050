import { type JqlToken, jqlSyntaxError, tokenizeJql } from './jql-lexer.js';

/** AST of the JQL subset. */
export type JqlOperand =
  | { kind: 'value'; text: string; quoted: boolean; position: number }
  | { kind: 'empty'; position: number }
  | { kind: 'function'; name: string; args: string[]; position: number }
  | { kind: 'list'; items: JqlOperand[]; position: number };

export type JqlOperator = '=' | '!=' | '>' | '>=' | '<' | '<=' | '~' | '!~' | 'in' | 'not in' | 'is' | 'is not';

export type JqlClause =
  { kind: 'and' | 'or'; clauses: JqlClause[] } | { kind: 'not'; clause: JqlClause } | { kind: 'compare'; field: string; fieldPosition: number; operator: JqlOperator; operand: JqlOperand };

export interface JqlSort {
  field: string;
  position: number;
  direction: 'asc' | 'desc';
}

export interface JqlQuery {
  where: JqlClause | null;
  orderBy: JqlSort[];
}

const OPERATOR_HINT = "The valid operators are '=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'.";

class Parser {
  private index = 0;
  constructor(private readonly tokens: JqlToken[]) {}

  private peek(): JqlToken {
    return this.tokens[this.index] ?? (this.tokens[this.tokens.length - 1] as JqlToken);
  }
  private next(): JqlToken {
    const token = this.peek();
    if (token.kind !== 'end') this.index += 1;
    return token;
  }
  private isWord(word: string, token = this.peek()): boolean {
    return token.kind === 'word' && token.text.toLowerCase() === word;
  }
  private describe(token: JqlToken): string {
    return token.kind === 'end' ? 'the end of the query' : `'${token.text}'`;
  }

  parseQuery(): JqlQuery {
    let where: JqlClause | null = null;
    if (!this.isWord('order') && this.peek().kind !== 'end') where = this.parseOr();
    const orderBy: JqlSort[] = [];
    if (this.isWord('order')) {
      this.next();
      if (!this.isWord('by')) throw jqlSyntaxError(`Expecting 'by' but got ${this.describe(this.peek())}.`, this.peek().position);
      this.next();
      do {
        const field = this.next();
        if (field.kind !== 'word' && field.kind !== 'string') throw jqlSyntaxError(`Expecting a field name but got ${this.describe(field)}.`, field.position);
        let direction: 'asc' | 'desc' = 'asc';
        if (this.isWord('asc') || this.isWord('desc')) direction = this.next().text.toLowerCase() as 'asc' | 'desc';
        orderBy.push({ field: field.text, position: field.position, direction });
      } while (this.peek().text === ',' && this.next());
    }
    const trailing = this.peek();
    if (trailing.kind !== 'end') throw jqlSyntaxError(`Expecting either 'OR' or 'AND' but got ${this.describe(trailing)}.`, trailing.position);
    return { where, orderBy };
  }

  private parseOr(): JqlClause {
    const clauses = [this.parseAnd()];
    while (this.isWord('or') || this.peek().text === '||') {
      this.next();
      clauses.push(this.parseAnd());
    }
    return clauses.length === 1 ? (clauses[0] as JqlClause) : { kind: 'or', clauses };
  }

  private parseAnd(): JqlClause {
    const clauses = [this.parseNot()];
    while (this.isWord('and') || this.peek().text === '&&') {
      this.next();
      clauses.push(this.parseNot());
    }
    return clauses.length === 1 ? (clauses[0] as JqlClause) : { kind: 'and', clauses };
  }

  private parseNot(): JqlClause {
    const token = this.peek();
    if (this.isWord('not') || (token.kind === 'punct' && token.text === '!')) {
      this.next();
      return { kind: 'not', clause: this.parseNot() };
    }
    if (token.kind === 'punct' && token.text === '(') {
      this.next();
      const inner = this.parseOr();
      const close = this.next();
      if (close.text !== ')') throw jqlSyntaxError(`Expecting ')' but got ${this.describe(close)}.`, close.position);
      return inner;
    }
    return this.parseComparison();
  }

  private parseComparison(): JqlClause {
    const field = this.next();
    if (field.kind !== 'word' && field.kind !== 'string') throw jqlSyntaxError(`Expecting a field name but got ${this.describe(field)}.`, field.position);
    const operator = this.parseOperator();
    const operand = operator === 'in' || operator === 'not in' ? this.parseList() : this.parseOperand();
    return { kind: 'compare', field: field.text, fieldPosition: field.position, operator, operand };
  }

  private parseOperator(): JqlOperator {
    const token = this.next();
    if (token.kind === 'operator') return token.text;
    if (this.isWord('in', token)) return 'in';
    if (this.isWord('not', token)) {
      const inToken = this.next();
      if (!this.isWord('in', inToken)) throw jqlSyntaxError(`Expecting 'IN' but got ${this.describe(inToken)}.`, inToken.position);
      return 'not in';
    }
    if (this.isWord('is', token)) {
      if (this.isWord('not')) {
        this.next();
        return 'is not';
      }
      return 'is';
    }
    throw jqlSyntaxError(`Expecting operator but got ${this.describe(token)}. ${OPERATOR_HINT}`, token.position);
  }

  private parseList(): JqlOperand {
    const open = this.peek();
    if (open.text !== '(' || open.kind !== 'punct') return this.parseOperand();
    this.next();
    const items: JqlOperand[] = [];
    do {
      items.push(this.parseOperand());
    } while (this.peek().text === ',' && this.next());
    const close = this.next();
    if (close.text !== ')') throw jqlSyntaxError(`Expecting ')' but got ${this.describe(close)}.`, close.position);
    return { kind: 'list', items, position: open.position };
  }

  private parseOperand(): JqlOperand {
    const token = this.next();
    if (token.kind === 'string') return { kind: 'value', text: token.text, quoted: true, position: token.position };
    if (token.kind !== 'word') throw jqlSyntaxError(`Expecting either a value, list or function but got ${this.describe(token)}.`, token.position);
    if (this.isWord('empty', token) || this.isWord('null', token)) return { kind: 'empty', position: token.position };
    if (this.peek().text === '(' && this.peek().kind === 'punct') {
      this.next();
      const args: string[] = [];
      while (this.peek().text !== ')') {
        const arg = this.next();
        if (arg.kind !== 'word' && arg.kind !== 'string') throw jqlSyntaxError(`Expecting ')' but got ${this.describe(arg)}.`, arg.position);
        args.push(arg.text);
        if (this.peek().text === ',') this.next();
      }
      this.next();
      return { kind: 'function', name: token.text, args, position: token.position };
    }
    return { kind: 'value', text: token.text, quoted: false, position: token.position };
  }
}

/** Parses JQL into an AST; throws a 400 JiraApiError with Jira's wording on a syntax error. */
export function parseJql(jql: string): JqlQuery {
  return new Parser(tokenizeJql(jql)).parseQuery();
}
