// PNG through libpng's full API rather than its simplified one: the simplified API
// linearises 16-bit samples from files tagged sRGB and premultiplies alpha in
// 16-bit output, so it cannot round-trip 16-bit images bit-exactly. Here samples
// come out exactly as stored; only the layout is normalised (palette -> RGB,
// gray+alpha -> RGBA, 1/2/4-bit -> 8-bit, tRNS -> alpha).
#include "facet_image_codecs.h"
#include "output_buffer.h"

#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define FACET_HOST_LITTLE_ENDIAN 1
#else
#define FACET_HOST_LITTLE_ENDIAN 0
#endif

static void set_message(char *message, const char *text) {
    if (message) snprintf(message, FACET_CODEC_MESSAGE_SIZE, "%s", text);
}

/// libpng's error and I/O pointer: the last error message plus the memory being
/// read from or written to. Heap-allocated, so its contents stay valid after a
/// longjmp (locals changed between setjmp and longjmp would not).
typedef struct {
    char message[FACET_CODEC_MESSAGE_SIZE];
    const unsigned char *input;
    size_t input_size;
    size_t input_offset;
    facet_output_buffer output;
} png_io;

static void on_png_error(png_structp png, png_const_charp text) {
    png_io *io = (png_io *)png_get_error_ptr(png);
    snprintf(io->message, sizeof io->message, "%s", text);
    png_longjmp(png, 1);
}

/// Warnings (bad ancillary chunks, unknown profiles) never stop a decode.
static void on_png_warning(png_structp png, png_const_charp text) {
    (void)png;
    (void)text;
}

static void read_from_memory(png_structp png, png_bytep out, size_t length) {
    png_io *io = (png_io *)png_get_io_ptr(png);
    if (length > io->input_size - io->input_offset)
        png_error(png, "the file ends before the image does (truncated PNG)");
    memcpy(out, io->input + io->input_offset, length);
    io->input_offset += length;
}

static void write_to_memory(png_structp png, png_bytep data, size_t length) {
    png_io *io = (png_io *)png_get_io_ptr(png);
    if (facet_output_reserve(&io->output, length) != 0)
        png_error(png, "out of memory while encoding a PNG");
    memcpy(io->output.data + io->output.size, data, length);
    io->output.size += length;
}

static void flush_nothing(png_structp png) { (void)png; }

struct facet_png_decoder {
    png_structp png;
    png_infop info;
    png_io io;
    facet_image_info image;
    int passes;
};

void facet_png_decoder_close(facet_png_decoder *d) {
    if (!d) return;
    if (d->png) png_destroy_read_struct(&d->png, d->info ? &d->info : NULL, NULL);
    free(d);
}

facet_png_decoder *facet_png_decoder_open(const void *data, size_t size,
                                          facet_image_info *info, char *message) {
    if (size < 8 || png_sig_cmp((png_const_bytep)data, 0, 8) != 0) {
        set_message(message, "not a PNG file (the 8-byte PNG signature is missing)");
        return NULL;
    }
    facet_png_decoder *d = (facet_png_decoder *)calloc(1, sizeof *d);
    if (!d) {
        set_message(message, "out of memory");
        return NULL;
    }
    d->io.input = (const unsigned char *)data;
    d->io.input_size = size;
    d->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &d->io, on_png_error, on_png_warning);
    if (d->png) d->info = png_create_info_struct(d->png);
    if (!d->png || !d->info) {
        set_message(message, "out of memory");
        facet_png_decoder_close(d);
        return NULL;
    }
    if (setjmp(png_jmpbuf(d->png))) {
        set_message(message, d->io.message);
        facet_png_decoder_close(d);
        return NULL;
    }
    png_set_read_fn(d->png, &d->io, read_from_memory);
    png_read_info(d->png, d->info);

    png_uint_32 width, height;
    int depth, color, interlace;
    png_get_IHDR(d->png, d->info, &width, &height, &depth, &color, &interlace, NULL, NULL);
    int has_trns = png_get_valid(d->png, d->info, PNG_INFO_tRNS) != 0;
    int is_gray = (color & PNG_COLOR_MASK_COLOR) == 0;
    int has_alpha = (color & PNG_COLOR_MASK_ALPHA) != 0 || has_trns;
    if (color == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(d->png);
    if (is_gray && depth < 8) png_set_expand_gray_1_2_4_to_8(d->png);
    if (has_trns) png_set_tRNS_to_alpha(d->png);
    if (is_gray && has_alpha) png_set_gray_to_rgb(d->png);
    if (depth == 16 && FACET_HOST_LITTLE_ENDIAN) png_set_swap(d->png);
    d->passes = png_set_interlace_handling(d->png);
    png_read_update_info(d->png, d->info);

    d->image.width = width;
    d->image.height = height;
    d->image.channels = png_get_channels(d->png, d->info);
    d->image.bit_depth = png_get_bit_depth(d->png, d->info);
    int channels_ok = d->image.channels == 1 || d->image.channels == 3 || d->image.channels == 4;
    int depth_ok = d->image.bit_depth == 8 || d->image.bit_depth == 16;
    size_t row = (size_t)width * (size_t)d->image.channels * (size_t)(d->image.bit_depth / 8);
    if (!channels_ok || !depth_ok || png_get_rowbytes(d->png, d->info) != row) {
        set_message(message, "unsupported PNG pixel layout after expansion");
        facet_png_decoder_close(d);
        return NULL;
    }
    *info = d->image;
    return d;
}

int facet_png_decoder_read(facet_png_decoder *d, void *pixels, size_t size, char *message) {
    size_t row = (size_t)d->image.width * (size_t)d->image.channels * (size_t)(d->image.bit_depth / 8);
    if (row == 0 || size / row < d->image.height) {
        set_message(message, "the pixel buffer is smaller than the image");
        return -1;
    }
    if (setjmp(png_jmpbuf(d->png))) {
        set_message(message, d->io.message);
        return -1;
    }
    // Interlaced images are read pass by pass into the same rows; each pass fills
    // its own pixels, so after the last pass every byte has been written.
    for (int pass = 0; pass < d->passes; pass++)
        for (png_uint_32 y = 0; y < d->image.height; y++)
            png_read_row(d->png, (png_bytep)pixels + (size_t)y * row, NULL);
    return 0;
}

int facet_png_encode(const void *pixels, uint32_t width, uint32_t height,
                     int32_t channels, int32_t bit_depth, int32_t compression_level,
                     uint8_t **output, size_t *output_size, char *message) {
    if (width == 0 || height == 0 || width > PNG_UINT_31_MAX || height > PNG_UINT_31_MAX) {
        set_message(message, "a PNG needs a width and height between 1 and 2^31-1");
        return -1;
    }
    if (!(channels == 1 || channels == 3 || channels == 4) || !(bit_depth == 8 || bit_depth == 16)) {
        set_message(message, "a PNG is written from 1, 3 or 4 channels of 8 or 16 bits");
        return -1;
    }
    png_io *io = (png_io *)calloc(1, sizeof *io);
    if (!io) {
        set_message(message, "out of memory");
        return -1;
    }
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, io, on_png_error, on_png_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!png || !info) {
        set_message(message, "out of memory");
        if (png) png_destroy_write_struct(&png, NULL);
        free(io);
        return -1;
    }
    if (setjmp(png_jmpbuf(png))) {
        set_message(message, io->message);
        png_destroy_write_struct(&png, &info);
        facet_output_release(&io->output);
        free(io);
        return -1;
    }
    png_set_write_fn(png, io, write_to_memory, flush_nothing);
    png_set_compression_level(png, compression_level < 0 ? 0 : compression_level > 9 ? 9 : compression_level);
    int color = channels == 1 ? PNG_COLOR_TYPE_GRAY : channels == 3 ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_RGB_ALPHA;
    png_set_IHDR(png, info, width, height, bit_depth, color, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    if (bit_depth == 16 && FACET_HOST_LITTLE_ENDIAN) png_set_swap(png);
    size_t row = (size_t)width * (size_t)channels * (size_t)(bit_depth / 8);
    for (uint32_t y = 0; y < height; y++)
        png_write_row(png, (png_const_bytep)pixels + (size_t)y * row);
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    *output = io->output.data;
    *output_size = io->output.size;
    free(io);
    return 0;
}

void facet_codec_free(void *buffer) { free(buffer); }
