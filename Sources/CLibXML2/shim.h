// Debian's libxml2 headers pull in the system ICU headers, whose types clash with the ICU that
// Foundation bundles ("'UErrorCode' has different definitions in different modules"). Gleaner does not
// use libxml2's ICU entry points, so hide them before any other libxml2 header is read.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>
#include <libxml/encoding.h>
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <libxml/xmlsave.h>
#include <libxml/xpath.h>
#include <libxml/globals.h>

// The version of the libxml2 loaded at run time, e.g. "20914": `xmlParserVersion` is a macro over a
// per-thread accessor in some versions and a plain variable in others.
static inline const char *gleaner_xml_parser_version(void) { return xmlParserVersion; }

// libxml2's deallocator for memory libxml2 allocated and handed over (`xmlFree` is a variable or a macro
// depending on how libxml2 was built).
static inline void gleaner_xml_free(void *p) { xmlFree(p); }
