# An image built the way many are: every line here is something the gate reports.
FROM ubuntu:latest
MAINTAINER someone@example.com
ENV AWS_SECRET_ACCESS_KEY=AKIAIOSFODNN7EXAMPLESECRETVALUE0000
RUN apt-get update
RUN apt-get install -y curl openssh-server sudo
RUN curl -k https://example.com/install.sh | sh
ADD app.tar.gz /app
ADD https://example.com/tool /usr/local/bin/tool
COPY id_rsa /root/.ssh/id_rsa
RUN chmod u+s /usr/local/bin/tool
WORKDIR app
EXPOSE 22
USER root
CMD ["/app/start.sh"]
