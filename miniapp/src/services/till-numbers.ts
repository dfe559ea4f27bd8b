// Order and refund numbers the till proposes: `POS-20260308-140512-k3f`, unique enough per store
// (second + 3 random characters) and readable on a receipt. The cashier may type the POS's own.
function pad(n: number): string {
  return String(n).padStart(2, '0');
}

const ALPHABET = '0123456789abcdefghijkmnpqrstuvwxyz'; // no l/o: they read as 1/0 on a receipt

export function tillNumber(prefix: 'POS' | 'RF', now: Date, random: () => number = Math.random): string {
  const date = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}`;
  const time = `${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  let suffix = '';
  for (let i = 0; i < 3; i++) suffix += ALPHABET[Math.floor(random() * ALPHABET.length)] ?? '0';
  return `${prefix}-${date}-${time}-${suffix}`;
}
