# antom-sim as a container: a Debian 12 stage builds the .deb, a debian:12-slim stage installs it
# with scripts/install-deb-and-run.sh, the same script scripts/package-smoke.sh runs in a clean
# debootstrap root (CI's proof of this image: no Docker engine or registry is reachable there).
#   docker build -t antom-sim .
#   docker run --rm -p 8080:8080 antom-sim
FROM debian:12 AS build
WORKDIR /src
COPY . .
RUN rm -rf build && bash scripts/setup.sh && cd build && cpack -G DEB

FROM debian:12-slim
COPY --from=build /src/build/package/ /tmp/antom-sim/
COPY --from=build /src/scripts/install-deb-and-run.sh /tmp/antom-sim/
# Installs the package, creates the user antom-sim and /var/lib/antom-sim, and checks that the
# installed binary answers a signed pay before the image is kept.
RUN bash /tmp/antom-sim/install-deb-and-run.sh /tmp/antom-sim/antom-sim_*.deb && rm -rf /tmp/antom-sim
USER antom-sim
WORKDIR /var/lib/antom-sim
VOLUME /var/lib/antom-sim
# Every interface, so the published port reaches it. Control calls from other hosts are refused
# unless opted in: the image opts in (whoever reaches the published port may drive /_sim/);
# set ANTOM_SIM_CONTROL_TOKEN to require "Authorization: Bearer TOKEN" instead.
ENV ANTOM_SIM_LISTEN=0.0.0.0:8080 \
    ANTOM_SIM_DATA_DIR=/var/lib/antom-sim \
    ANTOM_SIM_CONTROL_OPEN=1
EXPOSE 8080
# No curl in the slim image: bash's /dev/tcp asks /_sim/health (open even with a control token).
HEALTHCHECK --interval=5s --timeout=3s --start-period=5s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /_sim/health HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && grep -q '\"ready\"' <&3"]
ENTRYPOINT ["antom-sim"]
