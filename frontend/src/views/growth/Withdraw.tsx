/** A participant withdraws from a programme (with a reason), or takes back a request. */
import { useState } from "preact/hooks";
import { api, call, type Schemas } from "../../api/client";
import type { Problem } from "../../api/problem";
import { ProblemMessage } from "../../components/Feedback";
import { useI18n } from "../../i18n";
import { WITHDRAWAL_REASONS, type WithdrawalReason } from "./logic";
import { ReasonForm } from "./ReasonForm";

type Enrolment = Schemas["EnrolmentRead"];

export function WithdrawEnrolment(props: { enrolment: Enrolment; title: string; onWithdrawn: (text: string) => void }) {
  const { t } = useI18n();
  const id = `withdraw-${props.enrolment.id}`;
  const [open, setOpen] = useState(false);

  async function send(reason: string, note: string) {
    const result = await call(
      api.POST("/api/v1/enrolments/{enrolment_id}/withdraw", {
        params: { path: { enrolment_id: props.enrolment.id } },
        body: { reason: reason as WithdrawalReason, note },
      }),
    );
    if (result.problem) return result.problem;
    props.onWithdrawn(t("growth.withdrawn", { title: props.title }));
    return undefined;
  }

  if (!open) {
    return (
      <button type="button" class="button button-secondary" onClick={() => setOpen(true)}>
        {t("growth.withdraw")}
      </button>
    );
  }
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h4 id={`${id}-heading`}>{t("growth.withdrawHeading")}</h4>
      <ReasonForm
        id={id}
        rules={t("growth.withdrawRules")}
        reasons={WITHDRAWAL_REASONS.map((value) => ({ value, label: t(`growth.withdrawalReasons.${value}`) }))}
        fields={["reason", "note"]}
        submit={t("growth.confirmWithdraw")}
        send={send}
        onCancel={() => setOpen(false)}
      />
    </section>
  );
}

/** Take back a pending request for a place (POST /enrolment-requests/{id}/withdraw). */
export function WithdrawRequest(props: { requestId: string; title: string; onWithdrawn: (text: string) => void }) {
  const { t } = useI18n();
  const [problem, setProblem] = useState<Problem | undefined>(undefined);

  async function withdraw() {
    const result = await call(
      api.POST("/api/v1/enrolment-requests/{request_id}/withdraw", { params: { path: { request_id: props.requestId } } }),
    );
    setProblem(result.problem);
    if (!result.problem) props.onWithdrawn(t("growth.requestWithdrawn", { title: props.title }));
  }

  return (
    <div>
      <p class="form-hint">{t("growth.withdrawRequestRules")}</p>
      <button type="button" class="button button-secondary" onClick={() => void withdraw()}>
        {t("growth.withdrawRequest")}
      </button>
      {problem && <ProblemMessage problem={problem} />}
    </div>
  );
}
