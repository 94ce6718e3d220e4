# Installation (cmake --install) and the Debian package (cpack -G DEB): the binary, a man page made
# from --help at build time (so it cannot go stale), and the documentation with its examples.
include(GNUInstallDirs)
set(ANTOM_DOC_DIR ${CMAKE_INSTALL_DATAROOTDIR}/doc/antom-sim)

install(TARGETS antom-sim RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

find_program(HELP2MAN help2man)
if(NOT HELP2MAN)
  message(FATAL_ERROR "help2man not found: it makes the man page from --help (apt-get install help2man, or run scripts/setup.sh)")
endif()
set(ANTOM_MAN_PAGE ${CMAKE_BINARY_DIR}/man/antom-sim.1)
# `antom-sim call --help` becomes a section of its own, kept as printed (no-fill).
set(ANTOM_MAN_CALL ${CMAKE_BINARY_DIR}/man/call.h2m)
add_custom_command(
  OUTPUT ${ANTOM_MAN_PAGE}.gz
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/man
  COMMAND sh ${PROJECT_SOURCE_DIR}/cmake/man_call_section.sh $<TARGET_FILE:antom-sim> ${ANTOM_MAN_CALL}
  COMMAND ${HELP2MAN} --no-info --no-discard-stderr --section=1 --source=antom-sim --include=${ANTOM_MAN_CALL}
          "--name=simulator of Antom's Auto Debit server APIs" --output=${ANTOM_MAN_PAGE} $<TARGET_FILE:antom-sim>
  COMMAND gzip -9nf ${ANTOM_MAN_PAGE}
  DEPENDS antom-sim ${PROJECT_SOURCE_DIR}/cmake/man_call_section.sh
  COMMENT "Man page from antom-sim --help and antom-sim call --help"
  VERBATIM)
add_custom_target(man_page ALL DEPENDS ${ANTOM_MAN_PAGE}.gz)
install(FILES ${ANTOM_MAN_PAGE}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

# The README links docs/ and examples/ relatively: the same layout under the doc directory.
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${ANTOM_DOC_DIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${ANTOM_DOC_DIR}/docs
        FILES_MATCHING PATTERN "*.md" PATTERN "*.png" PATTERN "readme" EXCLUDE)
if(EXISTS ${PROJECT_SOURCE_DIR}/examples)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/examples DESTINATION ${ANTOM_DOC_DIR})
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME antom-sim)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "antom-sim developers <antom-sim@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "simulator of Antom's (Alipay global) Auto Debit server APIs")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "Antom's wire protocol (RSA256 signatures, fields, result codes, idempotency,\nsigned notifications) with a virtual clock, scriptable scenarios and faults,\na wallet user page and a /_sim/ control API, for tests and CI.")
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)        # antom-sim_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)         # runtime dependencies from dpkg-shlibdeps
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_OUTPUT_FILE_PREFIX ${CMAKE_BINARY_DIR}/package)
include(CPack)
