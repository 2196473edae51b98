// JPEG through libjpeg(-turbo)'s classic API. libjpeg's fatal-error handler must
// not return; its default calls exit(). Ours formats the message and longjmps
// back into the entry point that set the jump, which cleans up and reports.
#include "facet_image_codecs.h"
#include "output_buffer.h"

#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
// jpeglib.h uses FILE and size_t without including their headers.
#include <jpeglib.h>
#include <jerror.h>

static void set_message(char *message, const char *text) {
    if (message) snprintf(message, FACET_CODEC_MESSAGE_SIZE, "%s", text);
}

typedef struct {
    struct jpeg_error_mgr base;  // first, so libjpeg's `err` pointer is also ours
    jmp_buf jump;
    char message[FACET_CODEC_MESSAGE_SIZE];
} jpeg_error_context;

static void on_jpeg_error(j_common_ptr cinfo) {
    jpeg_error_context *e = (jpeg_error_context *)cinfo->err;
    char text[JMSG_LENGTH_MAX];
    (*cinfo->err->format_message)(cinfo, text);
    snprintf(e->message, sizeof e->message, "%s", text);
    longjmp(e->jump, 1);
}

/// libjpeg only warns about missing or corrupt entropy-coded data and fills the
/// gap with gray; a decoder that returns such an image hides a broken file, so
/// those warnings are fatal here. Other warnings (extraneous bytes between
/// markers, unknown JFIF versions) do not affect the pixels and are ignored.
static void on_jpeg_message(j_common_ptr cinfo, int level) {
    if (level >= 0) return;  // trace output
    switch (cinfo->err->msg_code) {
    case JWRN_JPEG_EOF:
    case JWRN_HIT_MARKER:
    case JWRN_HUFF_BAD_CODE:
    case JWRN_ARITH_BAD_CODE:
    case JWRN_MUST_RESYNC:
    case JWRN_NOT_SEQUENTIAL:
        on_jpeg_error(cinfo);
        break;
    default:
        cinfo->err->num_warnings++;
    }
}

static void on_jpeg_encoder_message(j_common_ptr cinfo, int level) {
    (void)cinfo;
    (void)level;
}

struct facet_jpeg_decoder {
    struct jpeg_decompress_struct cinfo;
    jpeg_error_context error;
    facet_image_info image;
    int cmyk;  // decoded as CMYK, converted to RGB row by row
};

void facet_jpeg_decoder_close(facet_jpeg_decoder *d) {
    if (!d) return;
    jpeg_destroy_decompress(&d->cinfo);
    free(d);
}

facet_jpeg_decoder *facet_jpeg_decoder_open(const void *data, size_t size,
                                            facet_image_info *info, char *message) {
    // volatile: never changed after setjmp, but GCC cannot prove it must stay in memory.
    facet_jpeg_decoder *volatile d = (facet_jpeg_decoder *)calloc(1, sizeof *d);
    if (!d) {
        set_message(message, "out of memory");
        return NULL;
    }
    d->cinfo.err = jpeg_std_error(&d->error.base);
    d->error.base.error_exit = on_jpeg_error;
    d->error.base.emit_message = on_jpeg_message;
    if (setjmp(d->error.jump)) {
        set_message(message, d->error.message);
        facet_jpeg_decoder_close(d);
        return NULL;
    }
    jpeg_create_decompress(&d->cinfo);
    jpeg_mem_src(&d->cinfo, (const unsigned char *)data, (unsigned long)size);
    jpeg_read_header(&d->cinfo, TRUE);
    switch (d->cinfo.jpeg_color_space) {
    case JCS_GRAYSCALE:
        d->cinfo.out_color_space = JCS_GRAYSCALE;
        d->image.channels = 1;
        break;
    case JCS_CMYK:
    case JCS_YCCK:
        d->cinfo.out_color_space = JCS_CMYK;
        d->image.channels = 3;
        d->cmyk = 1;
        break;
    default:
        d->cinfo.out_color_space = JCS_RGB;
        d->image.channels = 3;
    }
    d->image.width = d->cinfo.image_width;
    d->image.height = d->cinfo.image_height;
    d->image.bit_depth = 8;
    *info = d->image;
    return d;
}

/// Adobe writes CMYK inverted (255 = no ink); plain CMYK stores ink amounts.
static void cmyk_to_rgb(const unsigned char *cmyk, unsigned char *rgb, size_t width, int inverted) {
    for (size_t x = 0; x < width; x++) {
        unsigned c = cmyk[4 * x], m = cmyk[4 * x + 1], y = cmyk[4 * x + 2], k = cmyk[4 * x + 3];
        if (!inverted) {
            c = 255 - c; m = 255 - m; y = 255 - y; k = 255 - k;
        }
        rgb[3 * x] = (unsigned char)((c * k + 127) / 255);
        rgb[3 * x + 1] = (unsigned char)((m * k + 127) / 255);
        rgb[3 * x + 2] = (unsigned char)((y * k + 127) / 255);
    }
}

int facet_jpeg_decoder_read(facet_jpeg_decoder *d, void *pixels, size_t size, char *message) {
    size_t row = (size_t)d->image.width * (size_t)d->image.channels;
    if (row == 0 || size / row < d->image.height) {
        set_message(message, "the pixel buffer is smaller than the image");
        return -1;
    }
    // Set before setjmp and only read through the volatile pointer afterwards.
    unsigned char *volatile cmyk_row = NULL;
    if (setjmp(d->error.jump)) {
        free(cmyk_row);
        set_message(message, d->error.message);
        return -1;
    }
    jpeg_start_decompress(&d->cinfo);
    if (d->cinfo.output_width != d->image.width || d->cinfo.output_height != d->image.height) {
        set_message(message, "libjpeg changed the output size");
        return -1;
    }
    unsigned char *out = (unsigned char *)pixels;
    if (d->cmyk) {
        cmyk_row = (unsigned char *)malloc((size_t)d->image.width * 4);
        if (!cmyk_row) ERREXIT1(&d->cinfo, JERR_OUT_OF_MEMORY, 0);
        while (d->cinfo.output_scanline < d->cinfo.output_height) {
            size_t y = d->cinfo.output_scanline;
            JSAMPROW rows[1] = {cmyk_row};
            jpeg_read_scanlines(&d->cinfo, rows, 1);
            cmyk_to_rgb(cmyk_row, out + y * row, d->image.width, d->cinfo.saw_Adobe_marker);
        }
    } else {
        // Several rows per call let libjpeg-turbo write its upsampled output
        // straight into the caller's buffer.
        while (d->cinfo.output_scanline < d->cinfo.output_height) {
            JSAMPROW rows[16];
            JDIMENSION first = d->cinfo.output_scanline;
            JDIMENSION count = d->cinfo.output_height - first;
            if (count > 16) count = 16;
            for (JDIMENSION i = 0; i < count; i++) rows[i] = out + (size_t)(first + i) * row;
            jpeg_read_scanlines(&d->cinfo, rows, count);
        }
    }
    jpeg_finish_decompress(&d->cinfo);
    free(cmyk_row);
    return 0;
}

/// A destination that grows a facet_output_buffer, so that on error the encoder
/// can free what was written (libjpeg's jpeg_mem_dest would leak it).
typedef struct {
    struct jpeg_destination_mgr base;
    facet_output_buffer buffer;
} memory_destination;

static void point_at_free_space(memory_destination *d) {
    d->base.next_output_byte = d->buffer.data + d->buffer.size;
    d->base.free_in_buffer = d->buffer.capacity - d->buffer.size;
}

static void init_destination(j_compress_ptr cinfo) {
    memory_destination *d = (memory_destination *)cinfo->dest;
    if (facet_output_reserve(&d->buffer, 65536) != 0) ERREXIT1(cinfo, JERR_OUT_OF_MEMORY, 1);
    point_at_free_space(d);
}

static boolean empty_output_buffer(j_compress_ptr cinfo) {
    memory_destination *d = (memory_destination *)cinfo->dest;
    d->buffer.size = d->buffer.capacity;  // libjpeg calls this once the buffer is full
    if (facet_output_reserve(&d->buffer, d->buffer.capacity) != 0) ERREXIT1(cinfo, JERR_OUT_OF_MEMORY, 2);
    point_at_free_space(d);
    return TRUE;
}

static void term_destination(j_compress_ptr cinfo) {
    memory_destination *d = (memory_destination *)cinfo->dest;
    d->buffer.size = d->buffer.capacity - d->base.free_in_buffer;
}

/// Heap-allocated so everything the error path frees survives the longjmp.
typedef struct {
    struct jpeg_compress_struct cinfo;
    jpeg_error_context error;
    memory_destination destination;
} jpeg_encoder;

int facet_jpeg_encode(const void *pixels, uint32_t width, uint32_t height,
                      int32_t channels, int32_t quality,
                      uint8_t **output, size_t *output_size, char *message) {
    if (width == 0 || height == 0 || width > JPEG_MAX_DIMENSION || height > JPEG_MAX_DIMENSION) {
        set_message(message, "a JPEG needs a width and height between 1 and 65500");
        return -1;
    }
    if (channels != 1 && channels != 3) {
        set_message(message, "a JPEG is written from 1 (gray) or 3 (RGB) channels of 8 bits");
        return -1;
    }
    jpeg_encoder *e = (jpeg_encoder *)calloc(1, sizeof *e);
    if (!e) {
        set_message(message, "out of memory");
        return -1;
    }
    e->cinfo.err = jpeg_std_error(&e->error.base);
    e->error.base.error_exit = on_jpeg_error;
    e->error.base.emit_message = on_jpeg_encoder_message;
    if (setjmp(e->error.jump)) {
        set_message(message, e->error.message);
        jpeg_destroy_compress(&e->cinfo);
        facet_output_release(&e->destination.buffer);
        free(e);
        return -1;
    }
    jpeg_create_compress(&e->cinfo);
    e->destination.base.init_destination = init_destination;
    e->destination.base.empty_output_buffer = empty_output_buffer;
    e->destination.base.term_destination = term_destination;
    e->cinfo.dest = &e->destination.base;
    e->cinfo.image_width = width;
    e->cinfo.image_height = height;
    e->cinfo.input_components = channels;
    e->cinfo.in_color_space = channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_set_defaults(&e->cinfo);
    jpeg_set_quality(&e->cinfo, quality < 1 ? 1 : quality > 100 ? 100 : quality, TRUE);
    jpeg_start_compress(&e->cinfo, TRUE);
    size_t row = (size_t)width * (size_t)channels;
    while (e->cinfo.next_scanline < e->cinfo.image_height) {
        JSAMPROW rows[1] = {(JSAMPROW)((const unsigned char *)pixels + (size_t)e->cinfo.next_scanline * row)};
        jpeg_write_scanlines(&e->cinfo, rows, 1);
    }
    jpeg_finish_compress(&e->cinfo);
    jpeg_destroy_compress(&e->cinfo);
    *output = e->destination.buffer.data;
    *output_size = e->destination.buffer.size;
    free(e);
    return 0;
}
