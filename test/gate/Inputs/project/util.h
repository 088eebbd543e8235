#ifndef UTIL_H
#define UTIL_H
#ifdef __cplusplus
extern "C" {
#endif
void use(char *Buffer);
#ifdef __cplusplus
}
#endif
#endif
