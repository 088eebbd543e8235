void use(char *Buffer);

void perIteration(unsigned long N) {
  for (unsigned long I = 0; I < N; ++I)
    use((char *)__builtin_alloca(I));
}
