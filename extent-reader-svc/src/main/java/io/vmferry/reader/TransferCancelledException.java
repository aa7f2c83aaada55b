package io.vmferry.reader;

/** A transfer was stopped on purpose (another disk of the VM failed, the service stopped); no stack trace. */
final class TransferCancelledException extends RuntimeException {

    TransferCancelledException(String reason) {
        super(reason, null, false, false);
    }
}
