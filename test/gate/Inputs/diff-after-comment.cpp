void use(char *Buffer);

// Old code with a finding nobody touched in this change (see issue 12).
void legacy(unsigned long N) {
  for (unsigned long I = 0; I < N; ++I)
    use(static_cast<char *>(__builtin_alloca(I)));
}

void handler(unsigned long N) {
  use(static_cast<char *>(__builtin_alloca(N)));
}
