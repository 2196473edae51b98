// A growable malloc'ed byte buffer the encoders write into. The encoders own it
// until success, so an error at any point frees it instead of leaking it.
#ifndef FACET_OUTPUT_BUFFER_H
#define FACET_OUTPUT_BUFFER_H

#include <stdlib.h>
#include <string.h>

typedef struct {
    unsigned char *data;
    size_t size;
    size_t capacity;
} facet_output_buffer;

/// Makes room for `extra` more bytes. Returns 0 on success, -1 when out of memory.
static inline int facet_output_reserve(facet_output_buffer *b, size_t extra) {
    if (b->capacity - b->size >= extra) return 0;
    size_t capacity = b->capacity ? b->capacity : 65536;
    while (capacity - b->size < extra) {
        if (capacity > ((size_t)-1) / 2) return -1;
        capacity *= 2;
    }
    unsigned char *grown = (unsigned char *)realloc(b->data, capacity);
    if (!grown) return -1;
    b->data = grown;
    b->capacity = capacity;
    return 0;
}

static inline void facet_output_release(facet_output_buffer *b) {
    free(b->data);
    b->data = NULL;
    b->size = b->capacity = 0;
}

#endif
