# What PyPI cannot give: WeasyPrint's Pango and HarfBuzz-Subset, Ghostscript's CMYK printer
# profile for the PDF/X print edition. Shared by kzpublish's own Makefile (which includes this
# file) and the Makefile `kzpublish init` writes (which holds a copy).
CMYK_PROFILE := /usr/share/color/icc/ghostscript/default_cmyk.icc
PDF_LIBRARIES = @$(call have_lib,libpango-1.0.so.0) || $(call apt,libpango-1.0-0 libpangoft2-1.0-0); \
	$(call have_lib,libharfbuzz-subset.so.0) || $(call apt,libharfbuzz-subset0)

# A library is there when the dynamic linker loads it, as WeasyPrint will: no `ldconfig` on PATH
# needed (a normal user's PATH on Debian has no /sbin).
have_lib = $(PYTHON) -c 'import ctypes, sys; ctypes.CDLL(sys.argv[1])' $(1) 2>/dev/null

# Installs Debian packages, saying why first; as a normal user through sudo, saying so; without
# apt-get, says what to install and stops (`kzpublish` names the dnf and brew packages too).
define apt
{ command -v apt-get >/dev/null 2>&1 || { echo "kzpublish needs $(1) (Debian's names), which PyPI cannot give: install them with your system's package manager"; exit 1; }; \
  echo "kzpublish needs $(1), which PyPI cannot give: installing it from Debian"; \
  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
  [ -z "$$SUDO" ] || echo "  not root: running sudo apt-get install $(1) (it may ask for your password)"; \
  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(1) >/dev/null; }
endef
