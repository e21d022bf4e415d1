/**
 * The body of a plain counted retry loop, for test projects that need real retry implementations
 * (the scanner must find them) without each test writing the loop again. The surrounding function
 * declares `attempts` and whatever `call` names.
 */
export function retryLoopBody(options: { call?: string; delay: string; typed?: boolean }): string {
  const { call = 'fn()', delay, typed = false } = options;
  return `
  let last${typed ? ': unknown' : ''};
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      return await ${call};
    } catch (error) {
      last = error;
      await new Promise((resolve) => setTimeout(resolve, ${delay}));
    }
  }
  throw last;
`;
}
