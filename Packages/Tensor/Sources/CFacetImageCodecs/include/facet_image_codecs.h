// Facet's PNG and JPEG codecs: thin C shims over libpng and libjpeg(-turbo).
//
// Both libraries report fatal errors by calling a handler that must not return;
// left alone, libjpeg's default handler ends the whole process on a corrupt file.
// Every entry point here catches those errors with setjmp/longjmp inside C (the
// only place that is safe) and returns a non-zero code or NULL with a message.
//
// Decoding happens in two steps so that the caller can inspect the declared size
// and refuse it before any pixel memory exists: `open` reads only the header,
// `read` writes pixels into caller-owned memory, `close` releases the decoder.
#ifndef FACET_IMAGE_CODECS_H
#define FACET_IMAGE_CODECS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Size of the message buffers every function below fills on failure.
#define FACET_CODEC_MESSAGE_SIZE 256

/// What a decoder will produce, known after reading only the header.
typedef struct {
    uint32_t width;
    uint32_t height;
    /// 1 (gray), 3 (RGB) or 4 (RGBA). Palettes, gray+alpha and low bit depths are
    /// expanded to one of these; JPEG CMYK is converted to RGB.
    int32_t channels;
    /// 8 or 16. 16-bit samples are written in the host's byte order.
    int32_t bit_depth;
} facet_image_info;

typedef struct facet_png_decoder facet_png_decoder;
typedef struct facet_jpeg_decoder facet_jpeg_decoder;

/// Reads a PNG header from `data`, which must stay alive until `close`.
/// Returns NULL and fills `message` when the data is not a readable PNG.
facet_png_decoder *facet_png_decoder_open(const void *data, size_t size,
                                          facet_image_info *info, char *message);
/// Decodes every pixel into `pixels`: rows of width * channels * bit_depth / 8
/// bytes, no padding; `size` must be at least height times that. Exact samples:
/// no gamma correction, no premultiplied alpha. Returns 0 on success.
int facet_png_decoder_read(facet_png_decoder *decoder, void *pixels, size_t size,
                           char *message);
void facet_png_decoder_close(facet_png_decoder *decoder);

/// As for PNG; a JPEG decodes to 8-bit gray or RGB (CMYK/YCCK become RGB).
facet_jpeg_decoder *facet_jpeg_decoder_open(const void *data, size_t size,
                                            facet_image_info *info, char *message);
int facet_jpeg_decoder_read(facet_jpeg_decoder *decoder, void *pixels, size_t size,
                            char *message);
void facet_jpeg_decoder_close(facet_jpeg_decoder *decoder);

/// Encodes tightly packed pixels (channels 1, 3 or 4; bit depth 8 or 16 in host
/// byte order) as a PNG with zlib level `compression_level` (0-9). On success
/// returns 0 and a malloc'ed buffer in `*output` that the caller frees with
/// `facet_codec_free`.
int facet_png_encode(const void *pixels, uint32_t width, uint32_t height,
                     int32_t channels, int32_t bit_depth, int32_t compression_level,
                     uint8_t **output, size_t *output_size, char *message);

/// Encodes 8-bit gray (channels 1) or RGB (channels 3) pixels as a baseline JPEG
/// at `quality` (1-100) with libjpeg's defaults (4:2:0 chroma subsampling, as
/// Pillow). Output as for `facet_png_encode`.
int facet_jpeg_encode(const void *pixels, uint32_t width, uint32_t height,
                      int32_t channels, int32_t quality,
                      uint8_t **output, size_t *output_size, char *message);

void facet_codec_free(void *buffer);

#ifdef __cplusplus
}
#endif

#endif
