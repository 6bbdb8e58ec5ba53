# `cmake --install` and the Debian package (cpack -G DEB), in the GNU directories:
#   bin/opsdeck
#   share/opsdeck/themes/                      colour themes (app/data_paths.hpp finds them)
#   share/doc/opsdeck/examples/                config.json and runbooks for the demo account
#   share/man/man1/opsdeck.1                   generated: `opsdeck manpage`
#   share/bash-completion/completions/opsdeck  generated: `opsdeck completion bash`
#   share/zsh/site-functions/_opsdeck          generated: `opsdeck completion zsh`
#   share/fish/vendor_completions.d/opsdeck.fish
# The man page and the completions are written by the built binary from its own command
# line definition (app/cli_reference.hpp), so they never drift from it; the man page's
# CONSOLE KEYS come from README.md's key table, which a unit test holds to the console.

set(opsdeck_generated ${PROJECT_BINARY_DIR}/generated)
set(opsdeck_generated_files
  ${opsdeck_generated}/opsdeck.1
  ${opsdeck_generated}/opsdeck.bash
  ${opsdeck_generated}/_opsdeck
  ${opsdeck_generated}/opsdeck.fish)
add_custom_command(OUTPUT ${opsdeck_generated_files}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${opsdeck_generated}
  COMMAND sh -c "\"$1\" manpage --console-keys \"$2\" > \"$3\"" sh
    $<TARGET_FILE:opsdeck> ${PROJECT_SOURCE_DIR}/README.md ${opsdeck_generated}/opsdeck.1
  COMMAND sh -c "\"$1\" completion bash > \"$2\"" sh $<TARGET_FILE:opsdeck> ${opsdeck_generated}/opsdeck.bash
  COMMAND sh -c "\"$1\" completion zsh > \"$2\"" sh $<TARGET_FILE:opsdeck> ${opsdeck_generated}/_opsdeck
  COMMAND sh -c "\"$1\" completion fish > \"$2\"" sh $<TARGET_FILE:opsdeck> ${opsdeck_generated}/opsdeck.fish
  DEPENDS opsdeck ${PROJECT_SOURCE_DIR}/README.md
  COMMENT "Generating the man page and shell completions from opsdeck's command line"
  VERBATIM)
add_custom_target(opsdeck_generated_docs ALL DEPENDS ${opsdeck_generated_files})

install(TARGETS opsdeck RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/themes/ DESTINATION ${CMAKE_INSTALL_DATADIR}/opsdeck/themes
  FILES_MATCHING PATTERN "*.json")
install(DIRECTORY ${PROJECT_SOURCE_DIR}/examples/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)
install(FILES ${opsdeck_generated}/opsdeck.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${opsdeck_generated}/opsdeck.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
  RENAME opsdeck)
install(FILES ${opsdeck_generated}/_opsdeck DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/site-functions)
install(FILES ${opsdeck_generated}/opsdeck.fish DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)

# The Debian package. Library dependencies come from dpkg-shlibdeps on the binary; what it
# cannot see is named here: the CA certificates every HTTPS request to AWS verifies against.
# shfmt proves runbook steps read-only (without it every step counts as a change) and
# runbook steps may call ssh, so both are recommended. session-manager-plugin is AWS's own
# package, not Debian's: `opsdeck doctor` says how to install it.
set(OPSDECK_PACKAGE_MAINTAINER "opsdeck maintainers <maintainers@users.noreply.b-seed-ce2e84fd.example>"
  CACHE STRING "Maintainer field of the Debian package")
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME opsdeck)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT ${OPSDECK_PACKAGE_MAINTAINER})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "terminal operations console for AWS on-call work")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER ${OPSDECK_PACKAGE_MAINTAINER})
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "ca-certificates")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "shfmt, openssh-client")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "awscli")
# The summary line is CPACK_PACKAGE_DESCRIPTION_SUMMARY; CPack indents this body itself.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
  "One curses screen shows instances, databases, alarms and a live log tail;
from there the operator drills into ECS services, SQS queues, parameters
and secrets, runs the steps of Markdown runbooks locally, through SSM, over
SSH or in an ECS task, and deploys. Every change goes through one guard that
knows about read-only mode and production, and is written to an audit log.
The same engine runs headless for scripts; opsdeck doctor checks a setup.")
include(CPack)
