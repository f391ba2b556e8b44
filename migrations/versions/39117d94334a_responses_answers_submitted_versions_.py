"""Responses, answers, submitted versions, attachments and extension requests

Existing rows get defaults for the new NOT NULL columns.

Revision ID: 39117d94334a
Revises: fc298750d945
Create Date: 2026-11-23 19:51:51.748827

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '39117d94334a'
down_revision = 'fc298750d945'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('focus_area_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Enum('enig', 'delvis_enig', 'uenig', 'ingen_merknad', name='position', native_enum=False, length=20), nullable=True),
    sa.Column('rank', sa.Integer(), nullable=True),
    sa.Column('yes', sa.Boolean(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['focus_area_id'], ['focus_areas.id'], name=op.f('fk_answers_focus_area_id_focus_areas')),
    sa.ForeignKeyConstraint(['question_id'], ['questions.id'], name=op.f('fk_answers_question_id_questions')),
    sa.ForeignKeyConstraint(['response_id'], ['responses.id'], name=op.f('fk_answers_response_id_responses')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answers')),
    sa.UniqueConstraint('response_id', 'question_id', 'focus_area_id', name=op.f('uq_answers_response_id_question_id_focus_area_id'))
    )
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_answers_response_id'), ['response_id'], unique=False)

    op.create_table('attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['response_id'], ['responses.id'], name=op.f('fk_attachments_response_id_responses')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachments'))
    )
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachments_response_id'), ['response_id'], unique=False)

    op.create_table('extension_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('invitation_id', sa.Integer(), nullable=False),
    sa.Column('requested_until', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('pending', 'granted', 'declined', name='extensionstatus', native_enum=False, length=20), nullable=False),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_extension_requests_decided_by_id_users')),
    sa.ForeignKeyConstraint(['invitation_id'], ['invitations.id'], name=op.f('fk_extension_requests_invitation_id_invitations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_extension_requests'))
    )
    with op.batch_alter_table('extension_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_extension_requests_invitation_id'), ['invitation_id'], unique=False)

    op.create_table('response_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('is_late', sa.Boolean(), nullable=False),
    sa.Column('submission_key', sa.String(length=64), nullable=False),
    sa.Column('submitted_via', sa.String(length=20), nullable=False),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('snapshot', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['response_id'], ['responses.id'], name=op.f('fk_response_versions_response_id_responses')),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['users.id'], name=op.f('fk_response_versions_submitted_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_response_versions')),
    sa.UniqueConstraint('response_id', 'number', name=op.f('uq_response_versions_response_id_number')),
    sa.UniqueConstraint('submission_key', name=op.f('uq_response_versions_submission_key'))
    )
    with op.batch_alter_table('response_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_response_versions_response_id'), ['response_id'], unique=False)

    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('accepts_late', sa.Boolean(), nullable=False, server_default=sa.true()))

    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False, server_default='1'))
        batch_op.add_column(sa.Column('adopted_by', sa.Enum('administrasjon', 'formannskap', 'kommunestyre', 'annet', name='adoptedby', native_enum=False, length=20), nullable=True))
        batch_op.add_column(sa.Column('decision_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('case_number', sa.String(length=40), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('is_late', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('has_unsubmitted_changes', sa.Boolean(), nullable=False, server_default=sa.false()))



def downgrade():
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.drop_column('has_unsubmitted_changes')
        batch_op.drop_column('is_late')
        batch_op.drop_column('case_number')
        batch_op.drop_column('decision_date')
        batch_op.drop_column('adopted_by')
        batch_op.drop_column('version')

    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.drop_column('accepts_late')

    with op.batch_alter_table('response_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_response_versions_response_id'))

    op.drop_table('response_versions')
    with op.batch_alter_table('extension_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_extension_requests_invitation_id'))

    op.drop_table('extension_requests')
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachments_response_id'))

    op.drop_table('attachments')
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_answers_response_id'))

    op.drop_table('answers')
